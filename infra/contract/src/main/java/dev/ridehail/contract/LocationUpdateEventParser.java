package dev.ridehail.contract;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

import dev.ridehail.contract.LocationUpdateFields.Range;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Turns a rider-updates record value into a {@link LocationUpdateEvent}, or into the reason to dead-letter it, the
 * way every consumer of the topic must judge it: field by field as {@code contract/location-update.schema.json} says
 * (types, ranges, patterns, required fields), plus two rules the schema cannot express (instants between 2000 and
 * 2100, and {@code recordedAt} not in the future).
 *
 * <p>One streaming pass over the bytes, no tree and no data binding: parsing is most of a consumer's CPU. The whole
 * document is always read, so a syntax error anywhere wins over a field error, and a schema version this consumer
 * does not know wins over the fields it would then misread. Thread-safe.
 */
public final class LocationUpdateEventParser {

    /** Empty, not JSON, not one JSON object, trailing content. */
    public static final String NOT_JSON = "NOT_JSON";

    /** {@code schemaVersion} present but not 1. */
    public static final String UNKNOWN_SCHEMA_VERSION = "UNKNOWN_SCHEMA_VERSION";

    /** A field missing, ill-typed, out of range, repeated or (when rejected) unknown. */
    public static final String INVALID_FIELD = "INVALID_FIELD";

    /** {@code recordedAt} more than the allowed skew after the earlier of {@code receivedAt} and now. */
    public static final String RECORDED_AT_IN_FUTURE = "RECORDED_AT_IN_FUTURE";

    /** What to do with a property the schema does not define. */
    public enum UnknownFields {
        /** Dead-letter the record, as the schema's {@code additionalProperties: false} says. */
        REJECT,
        /** Skip the property (tolerant reader). */
        IGNORE
    }

    /** The verdict on one record value. */
    public sealed interface Result permits Accepted, Rejected {
    }

    /** A value that satisfies the contract. */
    public record Accepted(LocationUpdateEvent event) implements Result {
    }

    /** A value to dead-letter: {@code reason} is one of this class's constants, {@code detail} names the field. */
    public record Rejected(String reason, String detail) implements Result {
    }

    /** Anything outside is a broken clock, and a value PostgreSQL cannot store must be a dead letter, not a retry. */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

    private static final int MAX_DETAIL = 500;

    private static final JsonFactory JSON = JsonFactory.builder()
        .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
        .build();

    private final Duration maxFutureSkew;

    private final Clock clock;

    private final UnknownFields unknownFields;

    public LocationUpdateEventParser(Duration maxFutureSkew, Clock clock, UnknownFields unknownFields) {
        this.maxFutureSkew = maxFutureSkew;
        this.clock = clock;
        this.unknownFields = unknownFields;
    }

    public Result parse(byte[] value) {
        if (value == null || value.length == 0) {
            return new Rejected(NOT_JSON, "empty record value");
        }
        try (JsonParser json = JSON.createParser(ObjectReadContext.empty(), value)) {
            return new Reading(json, unknownFields == UnknownFields.REJECT).read();
        }
        catch (JacksonException ex) {
            return new Rejected(NOT_JSON, abbreviate("not a JSON document: " + ex.getOriginalMessage()));
        }
    }

    /** The state of one parse: the fields read so far and the first problem found. */
    private final class Reading {

        private static final int SCHEMA_VERSION = 1;

        private static final int EVENT_ID = 1 << 1;

        private static final int RIDER_ID = 1 << 2;

        private static final int TRIP_ID = 1 << 3;

        private static final int LAT = 1 << 4;

        private static final int LON = 1 << 5;

        private static final int SPEED = 1 << 6;

        private static final int HEADING = 1 << 7;

        private static final int ACCURACY = 1 << 8;

        private static final int RECORDED_AT = 1 << 9;

        private static final int RECEIVED_AT = 1 << 10;

        private final JsonParser json;

        private final boolean rejectUnknown;

        private int seen;

        private String problem;

        private String unknownVersion;

        private UUID eventId;

        private String riderId;

        private UUID tripId;

        private double lat = Double.NaN;

        private double lon = Double.NaN;

        private Double speedMps;

        private Double headingDeg;

        private Double accuracyM;

        private Instant recordedAt;

        private Instant receivedAt;

        Reading(JsonParser json, boolean rejectUnknown) {
            this.json = json;
            this.rejectUnknown = rejectUnknown;
        }

        Result read() {
            JsonToken first = json.nextToken();
            if (first == null) {
                return new Rejected(NOT_JSON, "empty record value");
            }
            if (first != JsonToken.START_OBJECT) {
                return new Rejected(NOT_JSON, "not a JSON object");
            }
            String name;
            while ((name = json.nextName()) != null) {
                JsonToken token = json.nextToken();
                switch (name) {
                    case "schemaVersion" -> schemaVersion(token);
                    case "eventId" -> eventId = once(EVENT_ID, name) ? uuid(token, name) : skip();
                    case "riderId" -> riderId = once(RIDER_ID, name) ? riderId(token) : skip();
                    case "tripId" -> tripId = once(TRIP_ID, name) ? uuid(token, name) : skip();
                    case "lat" -> lat = once(LAT, name) ? number(token, name, LocationUpdateFields.LAT) : skipNumber();
                    case "lon" -> lon = once(LON, name) ? number(token, name, LocationUpdateFields.LON) : skipNumber();
                    case "speedMps" -> speedMps = once(SPEED, name)
                            ? optional(token, name, LocationUpdateFields.SPEED_MPS) : skip();
                    case "headingDeg" -> headingDeg = once(HEADING, name)
                            ? optional(token, name, LocationUpdateFields.HEADING_DEG) : skip();
                    case "accuracyM" -> accuracyM = once(ACCURACY, name)
                            ? optional(token, name, LocationUpdateFields.ACCURACY_M) : skip();
                    case "recordedAt" -> recordedAt = once(RECORDED_AT, name) ? instant(token, name) : skip();
                    case "receivedAt" -> receivedAt = once(RECEIVED_AT, name) ? instant(token, name) : skip();
                    default -> {
                        if (rejectUnknown) {
                            problem(name + ": unknown field");
                        }
                        json.skipChildren();
                    }
                }
            }
            if (json.nextToken() != null) {
                return new Rejected(NOT_JSON, "trailing content after the JSON object");
            }
            return verdict();
        }

        private Result verdict() {
            if ((seen & SCHEMA_VERSION) == 0) {
                return invalid("schemaVersion: required");
            }
            if (unknownVersion != null) {
                return new Rejected(UNKNOWN_SCHEMA_VERSION, abbreviate("schemaVersion: " + unknownVersion
                        + " is not supported (this consumer reads " + LocationUpdateEvent.SCHEMA_VERSION + ")"));
            }
            if (problem != null) {
                return invalid(problem);
            }
            String missing = missing();
            if (missing != null) {
                return invalid(missing + ": required");
            }
            // Measured against the earlier of receivedAt and now: neither a fast device clock nor a fast ingest clock
            // may store a point that shadows every real update until the wall clock catches up, and a replay of old
            // records (receivedAt in the past) gets the same verdict as the first time.
            Instant now = clock.instant();
            Instant reference = receivedAt.isBefore(now) ? receivedAt : now;
            if (recordedAt.isAfter(reference.plus(maxFutureSkew))) {
                return new Rejected(RECORDED_AT_IN_FUTURE, "recordedAt " + recordedAt + " is more than "
                        + maxFutureSkew.toSeconds() + " s after " + reference + " (the earlier of receivedAt and now)");
            }
            return new Accepted(new LocationUpdateEvent(LocationUpdateEvent.SCHEMA_VERSION, eventId, riderId, tripId,
                    lat, lon, speedMps, headingDeg, accuracyM, recordedAt, receivedAt));
        }

        /** The first required field absent or null, in the schema's order. */
        private String missing() {
            if (eventId == null) {
                return "eventId";
            }
            if (riderId == null) {
                return "riderId";
            }
            if (Double.isNaN(lat)) {
                return "lat";
            }
            if (Double.isNaN(lon)) {
                return "lon";
            }
            if (recordedAt == null) {
                return "recordedAt";
            }
            return receivedAt == null ? "receivedAt" : null;
        }

        private void schemaVersion(JsonToken token) {
            if ((seen & SCHEMA_VERSION) != 0) {
                problem("schemaVersion: appears more than once");
                json.skipChildren();
                return;
            }
            if (token == JsonToken.VALUE_NULL) {
                return;
            }
            seen |= SCHEMA_VERSION;
            if (token == JsonToken.VALUE_NUMBER_INT && json.getNumberType() == JsonParser.NumberType.INT
                    && json.getIntValue() == LocationUpdateEvent.SCHEMA_VERSION) {
                return;
            }
            unknownVersion = describe(token);
        }

        /** Marks a field as read; false (and a problem) when it was read before. */
        private boolean once(int field, String name) {
            if ((seen & field) != 0) {
                problem(name + ": appears more than once");
                return false;
            }
            seen |= field;
            return true;
        }

        private <T> T skip() {
            json.skipChildren();
            return null;
        }

        private double skipNumber() {
            json.skipChildren();
            return Double.NaN;
        }

        private UUID uuid(JsonToken token, String field) {
            if (!isString(token, field)) {
                return null;
            }
            UUID uuid = LocationUpdateFields.canonicalUuid(json.getStringCharacters(), json.getStringOffset(),
                    json.getStringLength());
            if (uuid == null) {
                problem(field + ": must be a UUID (8-4-4-4-12 hexadecimal digits)");
            }
            return uuid;
        }

        private String riderId(JsonToken token) {
            if (!isString(token, "riderId")) {
                return null;
            }
            char[] text = json.getStringCharacters();
            int offset = json.getStringOffset();
            int length = json.getStringLength();
            if (!LocationUpdateFields.isRiderId(text, offset, length)) {
                problem("riderId: must be 1-" + LocationUpdateFields.RIDER_ID_MAX_LENGTH
                        + " characters of A-Z, a-z, 0-9, '_' or '-'");
                return null;
            }
            return new String(text, offset, length);
        }

        private double number(JsonToken token, String field, Range range) {
            if (token == JsonToken.VALUE_NULL) {
                return Double.NaN;
            }
            if (!isNumber(token, field)) {
                return Double.NaN;
            }
            double value = json.getDoubleValue();
            if (!range.contains(value)) {
                problem(field + ": must be in " + range.interval());
                return Double.NaN;
            }
            return value;
        }

        private Double optional(JsonToken token, String field, Range range) {
            if (token == JsonToken.VALUE_NULL || !isNumber(token, field)) {
                return null;
            }
            double value = json.getDoubleValue();
            if (!range.contains(value)) {
                problem(field + ": must be in " + range.interval());
                return null;
            }
            return value;
        }

        private Instant instant(JsonToken token, String field) {
            if (!isString(token, field)) {
                return null;
            }
            Instant instant = InstantText.rfc3339(json.getStringCharacters(), json.getStringOffset(),
                    json.getStringLength());
            if (instant == null) {
                problem(field + ": must be an RFC 3339 date-time with offset, e.g. 2026-11-25T10:15:30.123Z");
            }
            else if (instant.isBefore(EARLIEST) || !instant.isBefore(LATEST)) {
                problem(field + ": must be from " + EARLIEST + " and before " + LATEST);
                return null;
            }
            return instant;
        }

        /** True for a string; null is absent (no problem); anything else is a problem. */
        private boolean isString(JsonToken token, String field) {
            if (token == JsonToken.VALUE_STRING) {
                return true;
            }
            if (token != JsonToken.VALUE_NULL) {
                problem(field + ": must be a string");
                json.skipChildren();
            }
            return false;
        }

        private boolean isNumber(JsonToken token, String field) {
            if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                return true;
            }
            problem(field + ": must be a number");
            json.skipChildren();
            return false;
        }

        private String describe(JsonToken token) {
            return switch (token) {
                case START_OBJECT, START_ARRAY -> {
                    json.skipChildren();
                    yield token == JsonToken.START_OBJECT ? "an object" : "an array";
                }
                case VALUE_STRING -> '"' + json.getString() + '"';
                default -> json.getString();
            };
        }

        private void problem(String detail) {
            if (problem == null) {
                problem = detail;
            }
        }
    }

    private static Rejected invalid(String detail) {
        return new Rejected(INVALID_FIELD, abbreviate(detail));
    }

    private static String abbreviate(String text) {
        return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL) + "...";
    }
}
