package dev.ridehail.ingest.location;

import dev.ridehail.contract.FieldText;
import dev.ridehail.ingest.IngestProperties;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Turns request bodies into valid updates or explains, field by field, why not.
 *
 * <p>Bodies are read in one streaming pass and checked by hand rather than bound to a record: binding stops at the
 * first problem and silently accepts what it can coerce ("12" for a number, unknown fields), while clients need every
 * bad field in one answer and must never get server-owned fields like receivedAt through (no mass assignment). The
 * whole document is always read before any field is judged, so a syntax error anywhere wins over field errors.
 *
 * <p>Parsing is most of the service's CPU, so well-formed bodies are read straight from their bytes, without a tree or
 * a decoded copy. A body the byte parser refuses is read again as decoded text: that slower pass (what the service
 * always did) is the one that words the error, with its line and character column, so error answers stay exactly as
 * they were.
 */
@Component
class LocationUpdateParser {

    private static final String RIDER_ID_RULE = "must be 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'";

    private static final String UUID_RULE = "must be a UUID such as 7d1c8a52-4f7e-4c55-9a43-0c2f3b8e6a10";

    private static final String INSTANT_RULE = "must be an ISO-8601 instant such as 2026-11-25T16:00:00Z";

    private static final String NOT_WELL_FORMED = "The request body is not well-formed JSON";

    private static final Range LAT = new Range(-90, 90, false);

    private static final Range LON = new Range(-180, 180, false);

    private static final Range SPEED = new Range(0, 100, false);

    private static final Range HEADING = new Range(0, 360, true);

    private static final Range ACCURACY = new Range(0, 10_000, false);

    /** For the fast pass: duplicate names are detected by the reading itself, far cheaper than Jackson's sets. */
    private final JsonFactory bytes;

    /** For the text pass, which words every error: Jackson detects duplicates, as it always did. */
    private final JsonFactory text;

    private final IngestProperties.Validation validation;

    private final int maxBatchItems;

    private final Clock clock;

    LocationUpdateParser(IngestProperties properties, Clock clock) {
        this.validation = properties.validation();
        this.maxBatchItems = properties.limits().maxBatchItems();
        this.clock = clock;
        StreamReadConstraints constraints = StreamReadConstraints.builder()
            .maxNestingDepth(properties.limits().maxNestingDepth())
            .build();
        this.bytes = JsonFactory.builder().streamReadConstraints(constraints).build();
        this.text = bytes.rebuild().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    }

    LocationUpdateRequest single(byte[] body) {
        Item item = read(body, Reading::single);
        if (item.errors != null) {
            throw new InvalidLocationUpdateException("The location update is invalid", item.errors);
        }
        return item.update;
    }

    List<LocationUpdateRequest> batch(byte[] body) {
        Batch batch = read(body, Reading::batch);
        if (!batch.isObject) {
            throw invalidBatch(FieldError.of(null, "the body must be a JSON object {\"updates\": [...]}"));
        }
        List<FieldError> errors = batch.envelopeErrors;
        if (batch.items == null) {
            errors.add(FieldError.of("updates", batch.notArray ? "must be an array" : "is required"));
        }
        else if (batch.items.isEmpty()) {
            errors.add(FieldError.of("updates", "must contain at least one update"));
        }
        else if (batch.items.size() > maxBatchItems) {
            errors.add(FieldError.of("updates",
                    "must contain at most " + maxBatchItems + " updates, got " + batch.items.size()));
        }
        if (!errors.isEmpty()) {
            throw invalidBatch(errors.toArray(FieldError[]::new));
        }
        List<LocationUpdateRequest> result = new ArrayList<>(batch.items.size());
        for (int i = 0; i < batch.items.size(); i++) {
            Item item = batch.items.get(i);
            if (item.errors != null) {
                for (FieldError error : item.errors) {
                    errors.add(error.at(i));
                }
            }
            result.add(item.update);
        }
        if (!errors.isEmpty()) {
            throw new InvalidLocationUpdateException("The batch contains invalid updates; none was published",
                    errors);
        }
        return result;
    }

    private static InvalidLocationUpdateException invalidBatch(FieldError... errors) {
        return new InvalidLocationUpdateException("The batch is invalid; none was published", List.of(errors));
    }

    /** How one kind of document is read from a parser positioned before its first token. */
    @FunctionalInterface
    private interface Step<T> {

        T read(Reading reading);
    }

    private <T> T read(byte[] body, Step<T> step) {
        if (body.length == 0) {
            throw new MalformedBodyException("The request body is empty");
        }
        // JSON on the wire is UTF-8 (RFC 8259); a bad byte anywhere is reported as such, before any JSON error.
        if (!StrictUtf8.isWellFormed(body)) {
            throw new MalformedBodyException("The request body is not valid UTF-8");
        }
        if (!isPlainUtf8Start(body)) {
            return readText(body, step);
        }
        try (JsonParser parser = bytes.createParser(ObjectReadContext.empty(), body)) {
            return step.read(new Reading(parser));
        }
        catch (JacksonException | MalformedBodyException | DuplicateName ex) {
            // The byte parser counts columns in bytes and words some errors differently: the text pass has the say.
            return readText(body, step);
        }
    }

    /**
     * False when Jackson's byte parser might not read the body as plain UTF-8: its encoding detection skips a leading
     * byte order mark and takes zero bytes at the start for UTF-16 or UTF-32, where decoded text keeps both.
     */
    private static boolean isPlainUtf8Start(byte[] body) {
        for (int i = 0; i < Math.min(4, body.length); i++) {
            if (body[i] == 0) {
                return false;
            }
        }
        return !(body.length >= 3 && body[0] == (byte) 0xEF && body[1] == (byte) 0xBB && body[2] == (byte) 0xBF);
    }

    private <T> T readText(byte[] body, Step<T> step) {
        String decoded = new String(body, StandardCharsets.UTF_8);
        try (JsonParser parser = text.createParser(ObjectReadContext.empty(), decoded)) {
            return step.read(new Reading(parser));
        }
        catch (StreamConstraintsException ex) {
            throw new MalformedBodyException("The request body exceeds the JSON nesting or size limits");
        }
        catch (JacksonException ex) {
            // Jackson's own messages name Java types and features; clients get the position only.
            throw new MalformedBodyException(NOT_WELL_FORMED + location(ex.getLocation()));
        }
    }

    private static String location(TokenStreamLocation location) {
        return location == null ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** A name repeated in one object, found by the fast pass; the text pass then reports it where Jackson does. */
    private static final class DuplicateName extends RuntimeException {

        static final DuplicateName INSTANCE = new DuplicateName();

        private DuplicateName() {
            super(null, null, false, false);
        }
    }

    /** One item as read: the update when it is valid, else the errors (unknown fields first, in document order). */
    private record Item(LocationUpdateRequest update, List<FieldError> errors) {
    }

    /** A batch body as read; {@code items} is null when {@code updates} is absent, null or not an array. */
    private record Batch(boolean isObject, List<FieldError> envelopeErrors, List<Item> items, boolean notArray) {
    }

    /** Bounds of a number field and the message naming them. */
    private record Range(double min, double max, boolean maxExclusive, String rule) {

        Range(double min, double max, boolean maxExclusive) {
            this(min, max, maxExclusive, "must be a finite number from " + fmt(min)
                    + (maxExclusive ? " to below " : " to ") + fmt(max));
        }

        boolean contains(double number) {
            boolean aboveMax = maxExclusive ? number >= max : number > max;
            return Double.isFinite(number) && number >= min && !aboveMax;
        }

        private static String fmt(double bound) {
            return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
        }
    }

    /** One pass over one document. */
    private final class Reading {

        private static final int EVENT_ID = 1;

        private static final int RIDER_ID = 1 << 1;

        private static final int TRIP_ID = 1 << 2;

        private static final int LAT_BIT = 1 << 3;

        private static final int LON_BIT = 1 << 4;

        private static final int SPEED_BIT = 1 << 5;

        private static final int HEADING_BIT = 1 << 6;

        private static final int ACCURACY_BIT = 1 << 7;

        private static final int RECORDED_AT = 1 << 8;

        private static final int SERVER_OWNED = 1 << 9;

        private final JsonParser parser;

        Reading(JsonParser parser) {
            this.parser = parser;
        }

        Item single() {
            JsonToken first = first();
            Item item;
            if (first == JsonToken.START_OBJECT) {
                item = item();
            }
            else {
                consume(first);
                item = notAnObject();
            }
            end();
            return item;
        }

        Batch batch() {
            JsonToken first = first();
            if (first != JsonToken.START_OBJECT) {
                consume(first);
                end();
                return new Batch(false, null, null, false);
            }
            List<FieldError> errors = new ArrayList<>();
            List<Item> items = null;
            boolean notArray = false;
            boolean updatesRead = false;
            Set<String> others = null;
            String name;
            while ((name = parser.nextName()) != null) {
                JsonToken token = parser.nextToken();
                if (!"updates".equals(name)) {
                    others = distinct(others, name);
                    errors.add(FieldError.of(name, "unknown field"));
                    consume(token);
                    continue;
                }
                if (updatesRead) {
                    throw DuplicateName.INSTANCE;
                }
                updatesRead = true;
                if (token == JsonToken.START_ARRAY) {
                    items = new ArrayList<>();
                    JsonToken element;
                    while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
                        if (element == JsonToken.START_OBJECT) {
                            items.add(item());
                        }
                        else {
                            consume(element);
                            items.add(notAnObject());
                        }
                    }
                }
                else if (token != JsonToken.VALUE_NULL) {
                    notArray = true;
                    consume(token);
                }
            }
            end();
            return new Batch(true, errors, items, notArray);
        }

        private JsonToken first() {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new MalformedBodyException("The request body contains no JSON value");
            }
            return first;
        }

        /** The document must end after its value (the tree reader's FAIL_ON_TRAILING_TOKENS, same position). */
        private void end() {
            if (parser.nextToken() != null) {
                throw new MalformedBodyException(NOT_WELL_FORMED + location(parser.currentTokenLocation()));
            }
        }

        private Item notAnObject() {
            return new Item(null, List.of(FieldError.of(null, "a location update must be a JSON object")));
        }

        /** Reads one update object from just after its START_OBJECT through its END_OBJECT. */
        private Item item() {
            List<FieldError> errors = null;
            int invalid = 0;
            UUID eventId = null;
            String riderId = null;
            UUID tripId = null;
            Double lat = null;
            Double lon = null;
            Double speed = null;
            Double heading = null;
            Double accuracy = null;
            Instant recordedAt = null;
            int seen = 0;
            Set<String> others = null;
            String name;
            while ((name = parser.nextName()) != null) {
                JsonToken token = parser.nextToken();
                int field = field(name);
                if (field == SERVER_OWNED || field == 0) {
                    others = distinct(others, name);
                }
                else {
                    seen = once(seen, field);
                }
                switch (field) {
                    case EVENT_ID -> {
                        eventId = uuid(token);
                        invalid |= unreadable(eventId, token, EVENT_ID);
                    }
                    case RIDER_ID -> {
                        riderId = riderId(token);
                        invalid |= unreadable(riderId, token, RIDER_ID);
                    }
                    case TRIP_ID -> {
                        tripId = uuid(token);
                        invalid |= unreadable(tripId, token, TRIP_ID);
                    }
                    case LAT_BIT -> {
                        lat = number(token, LAT);
                        invalid |= unreadable(lat, token, LAT_BIT);
                    }
                    case LON_BIT -> {
                        lon = number(token, LON);
                        invalid |= unreadable(lon, token, LON_BIT);
                    }
                    case SPEED_BIT -> {
                        speed = number(token, SPEED);
                        invalid |= unreadable(speed, token, SPEED_BIT);
                    }
                    case HEADING_BIT -> {
                        heading = number(token, HEADING);
                        invalid |= unreadable(heading, token, HEADING_BIT);
                    }
                    case ACCURACY_BIT -> {
                        accuracy = number(token, ACCURACY);
                        invalid |= unreadable(accuracy, token, ACCURACY_BIT);
                    }
                    case RECORDED_AT -> {
                        recordedAt = instant(token);
                        invalid |= unreadable(recordedAt, token, RECORDED_AT);
                    }
                    case SERVER_OWNED -> {
                        errors = add(errors, FieldError.of(name, "is set by the server and must not be sent"));
                        consume(token);
                    }
                    default -> {
                        errors = add(errors, FieldError.of(name, "unknown field"));
                        consume(token);
                    }
                }
            }
            // The fields in the order clients have always seen their errors.
            if ((invalid & EVENT_ID) != 0) {
                errors = add(errors, FieldError.of("eventId", UUID_RULE));
            }
            if ((invalid & RIDER_ID) != 0) {
                errors = add(errors, FieldError.of("riderId", RIDER_ID_RULE));
            }
            else if (riderId == null) {
                errors = add(errors, FieldError.of("riderId", "is required"));
            }
            if ((invalid & TRIP_ID) != 0) {
                errors = add(errors, FieldError.of("tripId", UUID_RULE));
            }
            errors = required(errors, invalid, LAT_BIT, lat, "lat", LAT);
            errors = required(errors, invalid, LON_BIT, lon, "lon", LON);
            if ((invalid & SPEED_BIT) != 0) {
                errors = add(errors, FieldError.of("speedMps", SPEED.rule()));
            }
            if ((invalid & HEADING_BIT) != 0) {
                errors = add(errors, FieldError.of("headingDeg", HEADING.rule()));
            }
            if ((invalid & ACCURACY_BIT) != 0) {
                errors = add(errors, FieldError.of("accuracyM", ACCURACY.rule()));
            }
            if ((invalid & RECORDED_AT) != 0) {
                errors = add(errors, FieldError.of("recordedAt", INSTANT_RULE));
            }
            else if (recordedAt == null) {
                errors = add(errors, FieldError.of("recordedAt", "is required"));
            }
            else {
                String outside = window(recordedAt);
                if (outside != null) {
                    errors = add(errors, FieldError.of("recordedAt", outside));
                }
            }
            if (errors != null) {
                return new Item(null, errors);
            }
            return new Item(new LocationUpdateRequest(eventId, riderId, tripId, lat, lon, speed, heading, accuracy,
                    recordedAt), null);
        }

        /** The field's bit when a present (non-null) value could not be read as the field, else 0. */
        private static int unreadable(Object value, JsonToken token, int bit) {
            return value == null && token != JsonToken.VALUE_NULL ? bit : 0;
        }

        private List<FieldError> required(List<FieldError> errors, int invalid, int bit, Double value, String field,
                Range range) {
            if ((invalid & bit) != 0) {
                return add(errors, FieldError.of(field, range.rule()));
            }
            return value == null ? add(errors, FieldError.of(field, "is required")) : errors;
        }

        /**
         * The bit of a property name, 0 for an unknown one. Cheaper than a switch on the name, which profiling showed
         * hashing every name anew.
         */
        private static int field(String name) {
            return switch (name.length()) {
                case 3 -> "lat".equals(name) ? LAT_BIT : "lon".equals(name) ? LON_BIT : 0;
                case 6 -> "tripId".equals(name) ? TRIP_ID : 0;
                case 7 -> "eventId".equals(name) ? EVENT_ID : "riderId".equals(name) ? RIDER_ID : 0;
                case 8 -> "speedMps".equals(name) ? SPEED_BIT : 0;
                case 9 -> "accuracyM".equals(name) ? ACCURACY_BIT : 0;
                case 10 -> "headingDeg".equals(name) ? HEADING_BIT : "recordedAt".equals(name) ? RECORDED_AT
                        : "receivedAt".equals(name) ? SERVER_OWNED : 0;
                case 13 -> "schemaVersion".equals(name) ? SERVER_OWNED : 0;
                default -> 0;
            };
        }

        /** Marks a field as read; a second time is a duplicate name. */
        private static int once(int seen, int field) {
            if ((seen & field) != 0) {
                throw DuplicateName.INSTANCE;
            }
            return seen | field;
        }

        /** Adds a name outside the known fields, made only when there is one; a second time is a duplicate name. */
        private static Set<String> distinct(Set<String> names, String name) {
            Set<String> set = names == null ? new HashSet<>() : names;
            if (!set.add(name)) {
                throw DuplicateName.INSTANCE;
            }
            return set;
        }

        private static List<FieldError> add(List<FieldError> errors, FieldError error) {
            List<FieldError> list = errors == null ? new ArrayList<>() : errors;
            list.add(error);
            return list;
        }

        /** A canonical UUID, or null for null and for anything else (then consumed). */
        private UUID uuid(JsonToken token) {
            if (token != JsonToken.VALUE_STRING) {
                consume(token);
                return null;
            }
            return FieldText.canonicalUuid(parser.getStringCharacters(), parser.getStringOffset(),
                    parser.getStringLength());
        }

        private String riderId(JsonToken token) {
            if (token != JsonToken.VALUE_STRING) {
                consume(token);
                return null;
            }
            char[] text = parser.getStringCharacters();
            int offset = parser.getStringOffset();
            int length = parser.getStringLength();
            return FieldText.isRiderId(text, offset, length) ? new String(text, offset, length) : null;
        }

        /** The number when it is one and in range, else null (also for null and for non-numbers, then consumed). */
        private Double number(JsonToken token, Range range) {
            if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
                consume(token);
                return null;
            }
            double number = numberValue(token);
            return range.contains(number) ? number : null;
        }

        /**
         * The value as a double, read through the same accessors a JSON tree reads numbers with, so that any
         * constraint Jackson checks on the way is checked here too.
         */
        private double numberValue(JsonToken token) {
            if (token == JsonToken.VALUE_NUMBER_FLOAT) {
                parser.getNumberTypeFP();
                return parser.getDoubleValue();
            }
            return switch (parser.getNumberType()) {
                case INT -> parser.getIntValue();
                case LONG -> parser.getLongValue();
                // Too large for a double is Infinity, so out of range.
                default -> parser.getBigIntegerValue().doubleValue();
            };
        }

        /**
         * Reads past the value starting with {@code token}, touching each scalar the way a JSON tree reader does, so
         * that the same documents fail (number and string limits) at the same positions as when they were trees, and
         * checking its objects for duplicate names.
         */
        private void consume(JsonToken token) {
            int depth = 0;
            // the names of each object being read, innermost last (names belong to the innermost object)
            ArrayDeque<Set<String>> names = null;
            JsonToken current = token;
            while (true) {
                switch (current) {
                    case START_OBJECT -> {
                        depth++;
                        names = names == null ? new ArrayDeque<>() : names;
                        names.addLast(new HashSet<>());
                    }
                    case END_OBJECT -> {
                        depth--;
                        names.removeLast();
                    }
                    case PROPERTY_NAME -> {
                        if (!names.getLast().add(parser.currentName())) {
                            throw DuplicateName.INSTANCE;
                        }
                    }
                    case START_ARRAY -> depth++;
                    case END_ARRAY -> depth--;
                    case VALUE_STRING -> parser.getString();
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> numberValue(current);
                    default -> {
                    }
                }
                if (depth == 0) {
                    return;
                }
                current = parser.nextToken();
            }
        }

        /** What Instant.parse makes of a string, or null for null, for an unparseable string and for a non-string. */
        private Instant instant(JsonToken token) {
            if (token != JsonToken.VALUE_STRING) {
                consume(token);
                return null;
            }
            Instant instant = commonInstant(parser.getStringCharacters(), parser.getStringOffset(),
                    parser.getStringLength());
            if (instant != null) {
                return instant;
            }
            try {
                return Instant.parse(parser.getString());
            }
            catch (DateTimeParseException ex) {
                return null;
            }
        }

        /** Why the instant is outside the accepted window, or null when it is inside. */
        private String window(Instant instant) {
            Instant now = clock.instant();
            if (instant.isAfter(now.plus(validation.maxFutureSkew()))) {
                return "is more than " + validation.maxFutureSkew().toSeconds() + " s ahead of the server clock";
            }
            if (instant.isBefore(now.minus(validation.maxAge()))) {
                return "is older than " + validation.maxAge().toSeconds() + " s, the accepted window";
            }
            return null;
        }
    }

    /**
     * The instant of text in the form devices almost always send, {@code yyyy-MM-ddTHH:mm:ss[.f]Z} with one to nine
     * fraction digits and every field in range, computed exactly as {@link Instant#parse} does but several times
     * cheaper; null for any other text, which Instant.parse then judges (offsets, lower case, 24:00, leap seconds,
     * invalid dates).
     */
    static Instant commonInstant(char[] text, int offset, int length) {
        if (length < 20 || length > 30 || text[offset + 4] != '-' || text[offset + 7] != '-'
                || text[offset + 10] != 'T' || text[offset + 13] != ':' || text[offset + 16] != ':'
                || text[offset + length - 1] != 'Z') {
            return null;
        }
        int year = digits(text, offset, 4);
        int month = digits(text, offset + 5, 2);
        int day = digits(text, offset + 8, 2);
        int hour = digits(text, offset + 11, 2);
        int minute = digits(text, offset + 14, 2);
        int second = digits(text, offset + 17, 2);
        int nano = 0;
        int fraction = length - 20;
        if (fraction > 0) {
            if (fraction == 1 || text[offset + 19] != '.') {
                return null;
            }
            nano = digits(text, offset + 20, fraction - 1);
            for (int i = fraction - 1; i < 9 && nano >= 0; i++) {
                nano *= 10;
            }
        }
        if ((year | month | day | hour | minute | second | nano) < 0 || month < 1 || month > 12 || day < 1
                || day > Month.of(month).length(Year.isLeap(year)) || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600 + minute * 60 + second, nano);
    }

    /** The value of {@code count} decimal digits (at most 9), or -1. */
    private static int digits(char[] text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
