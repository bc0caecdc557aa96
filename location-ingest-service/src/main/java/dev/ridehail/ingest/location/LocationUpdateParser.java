package dev.ridehail.ingest.location;

import dev.ridehail.ingest.IngestProperties;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Turns request bodies into valid updates or explains, field by field, why not.
 *
 * <p>Bodies are read as a JSON tree and checked by hand rather than bound to a record: binding stops at the first
 * problem and silently accepts what it can coerce ("12" for a number, unknown fields), while clients need every bad
 * field in one answer and must never get server-owned fields like receivedAt through (no mass assignment).
 */
@Component
class LocationUpdateParser {

    private static final Pattern RIDER_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    // UUID.fromString accepts non-canonical forms such as "1-1-1-1-1"; the contract wants the canonical one.
    private static final Pattern UUID_TEXT = Pattern
        .compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private static final Set<String> FIELDS = Set.of("eventId", "riderId", "tripId", "lat", "lon", "speedMps",
            "headingDeg", "accuracyM", "recordedAt");

    private static final Set<String> SERVER_OWNED = Set.of("receivedAt", "schemaVersion");

    private final JsonMapper mapper;

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
        this.mapper = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    }

    LocationUpdateRequest single(byte[] body) {
        JsonNode root = parse(body);
        List<FieldError> errors = new ArrayList<>();
        LocationUpdateRequest update = item(root, errors);
        if (!errors.isEmpty()) {
            throw new InvalidLocationUpdateException("The location update is invalid", errors);
        }
        return update;
    }

    List<LocationUpdateRequest> batch(byte[] body) {
        JsonNode root = parse(body);
        if (!root.isObject()) {
            throw invalidBatch(FieldError.of(null, "the body must be a JSON object {\"updates\": [...]}"));
        }
        List<FieldError> errors = new ArrayList<>();
        for (String name : root.propertyNames()) {
            if (!"updates".equals(name)) {
                errors.add(FieldError.of(name, "unknown field"));
            }
        }
        JsonNode updates = root.get("updates");
        if (updates == null || updates.isNull()) {
            errors.add(FieldError.of("updates", "is required"));
        }
        else if (!updates.isArray()) {
            errors.add(FieldError.of("updates", "must be an array"));
        }
        else if (updates.isEmpty()) {
            errors.add(FieldError.of("updates", "must contain at least one update"));
        }
        else if (updates.size() > maxBatchItems) {
            errors.add(FieldError.of("updates",
                    "must contain at most " + maxBatchItems + " updates, got " + updates.size()));
        }
        if (!errors.isEmpty()) {
            throw invalidBatch(errors.toArray(FieldError[]::new));
        }
        List<LocationUpdateRequest> result = new ArrayList<>(updates.size());
        for (int i = 0; i < updates.size(); i++) {
            List<FieldError> itemErrors = new ArrayList<>();
            LocationUpdateRequest update = item(updates.get(i), itemErrors);
            for (FieldError error : itemErrors) {
                errors.add(error.at(i));
            }
            result.add(update);
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

    private JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw new MalformedBodyException("The request body is empty");
        }
        String text;
        try {
            // JSON on the wire is UTF-8 (RFC 8259); Jackson would also guess UTF-16/32, which we do not want.
            text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(body))
                .toString();
        }
        catch (CharacterCodingException ex) {
            throw new MalformedBodyException("The request body is not valid UTF-8");
        }
        try {
            JsonNode root = mapper.readTree(text);
            if (root == null || root.isMissingNode()) {
                throw new MalformedBodyException("The request body contains no JSON value");
            }
            return root;
        }
        catch (StreamConstraintsException ex) {
            throw new MalformedBodyException("The request body exceeds the JSON nesting or size limits");
        }
        catch (JacksonException ex) {
            // Jackson's own messages name Java types and features; clients get the position only.
            throw new MalformedBodyException("The request body is not well-formed JSON" + location(ex));
        }
    }

    private static String location(JacksonException ex) {
        return ex.getLocation() == null ? ""
                : " (line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr() + ")";
    }

    private LocationUpdateRequest item(JsonNode node, List<FieldError> errors) {
        if (node == null || !node.isObject()) {
            errors.add(FieldError.of(null, "a location update must be a JSON object"));
            return null;
        }
        for (Map.Entry<String, JsonNode> property : node.properties()) {
            String name = property.getKey();
            if (SERVER_OWNED.contains(name)) {
                errors.add(FieldError.of(name, "is set by the server and must not be sent"));
            }
            else if (!FIELDS.contains(name)) {
                errors.add(FieldError.of(name, "unknown field"));
            }
        }
        UUID eventId = optionalUuid(node, "eventId", errors);
        String riderId = riderId(node, errors);
        UUID tripId = optionalUuid(node, "tripId", errors);
        Double lat = number(node, "lat", true, -90, 90, false, errors);
        Double lon = number(node, "lon", true, -180, 180, false, errors);
        Double speed = number(node, "speedMps", false, 0, 100, false, errors);
        Double heading = number(node, "headingDeg", false, 0, 360, true, errors);
        Double accuracy = number(node, "accuracyM", false, 0, 10_000, false, errors);
        Instant recordedAt = recordedAt(node, errors);
        if (lat == null || lon == null || riderId == null || recordedAt == null) {
            return null;
        }
        return new LocationUpdateRequest(eventId, riderId, tripId, lat, lon, speed, heading, accuracy, recordedAt);
    }

    private static String riderId(JsonNode node, List<FieldError> errors) {
        JsonNode value = node.get("riderId");
        if (value == null || value.isNull()) {
            errors.add(FieldError.of("riderId", "is required"));
            return null;
        }
        if (!value.isString() || !RIDER_ID.matcher(value.stringValue()).matches()) {
            errors.add(FieldError.of("riderId", "must be 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'"));
            return null;
        }
        return value.stringValue();
    }

    private static UUID optionalUuid(JsonNode node, String field, List<FieldError> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString() || !UUID_TEXT.matcher(value.stringValue()).matches()) {
            errors.add(FieldError.of(field, "must be a UUID such as 7d1c8a52-4f7e-4c55-9a43-0c2f3b8e6a10"));
            return null;
        }
        return UUID.fromString(value.stringValue());
    }

    private static Double number(JsonNode node, String field, boolean required, double min, double max,
            boolean maxExclusive, List<FieldError> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(FieldError.of(field, "is required"));
            }
            return null;
        }
        String range = "must be a finite number from " + fmt(min) + (maxExclusive ? " to below " : " to ")
                + fmt(max);
        if (!value.isNumber()) {
            errors.add(FieldError.of(field, range));
            return null;
        }
        double number = value.asDouble();
        boolean aboveMax = maxExclusive ? number >= max : number > max;
        if (!Double.isFinite(number) || number < min || aboveMax) {
            errors.add(FieldError.of(field, range));
            return null;
        }
        return number;
    }

    private static String fmt(double bound) {
        return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }

    private Instant recordedAt(JsonNode node, List<FieldError> errors) {
        JsonNode value = node.get("recordedAt");
        if (value == null || value.isNull()) {
            errors.add(FieldError.of("recordedAt", "is required"));
            return null;
        }
        Instant instant;
        try {
            instant = value.isString() ? Instant.parse(value.stringValue()) : null;
        }
        catch (DateTimeParseException ex) {
            instant = null;
        }
        if (instant == null) {
            errors.add(FieldError.of("recordedAt", "must be an ISO-8601 instant such as 2026-11-25T16:00:00Z"));
            return null;
        }
        Instant now = clock.instant();
        if (instant.isAfter(now.plus(validation.maxFutureSkew()))) {
            errors.add(FieldError.of("recordedAt",
                    "is more than " + validation.maxFutureSkew().toSeconds() + " s ahead of the server clock"));
            return null;
        }
        if (instant.isBefore(now.minus(validation.maxAge()))) {
            errors.add(FieldError.of("recordedAt",
                    "is older than " + validation.maxAge().toSeconds() + " s, the accepted window"));
            return null;
        }
        return instant;
    }
}
