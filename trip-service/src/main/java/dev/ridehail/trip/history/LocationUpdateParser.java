package dev.ridehail.trip.history;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Turns a record value into a {@link LocationUpdate} or a reason to dead-letter it. Follows the contract's JSON Schema
 * field by field (types, ranges, required fields, no unknown fields) and reads the tree rather than binding, so a bad
 * record yields a reason naming the field instead of a Jackson message.
 */
class LocationUpdateParser {

    static final String NOT_JSON = "NOT_JSON";

    static final String INVALID_FIELD = "INVALID_FIELD";

    static final String UNKNOWN_SCHEMA_VERSION = "UNKNOWN_SCHEMA_VERSION";

    private static final Pattern RIDER_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private static final Pattern UUID_TEXT = Pattern
        .compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private static final Set<String> FIELDS = Set.of("schemaVersion", "eventId", "riderId", "tripId", "lat", "lon",
            "speedMps", "headingDeg", "accuracyM", "recordedAt", "receivedAt");

    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    private static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

    private final JsonMapper mapper = JsonMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();

    private final Duration maxFutureSkew;

    LocationUpdateParser(Duration maxFutureSkew) {
        this.maxFutureSkew = maxFutureSkew;
    }

    sealed interface Result {
    }

    record Valid(LocationUpdate update) implements Result {
    }

    record Invalid(String reason, String detail) implements Result {
    }

    Result parse(byte[] value) {
        if (value == null || value.length == 0) {
            return new Invalid(NOT_JSON, "empty record value");
        }
        JsonNode root;
        try {
            root = mapper.readTree(value);
        }
        catch (JacksonException ex) {
            return new Invalid(NOT_JSON, "not a JSON document: " + ex.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            return new Invalid(INVALID_FIELD, "the value must be a JSON object");
        }
        try {
            return new Valid(read(root));
        }
        catch (InvalidRecord ex) {
            return new Invalid(ex.reason, ex.getMessage());
        }
    }

    private LocationUpdate read(JsonNode root) {
        JsonNode version = root.get("schemaVersion");
        if (version == null || version.isNull()) {
            throw invalid("schemaVersion: required");
        }
        if (!version.isIntegralNumber() || !version.canConvertToInt() || version.intValue() != LocationUpdate.SCHEMA_VERSION) {
            throw new InvalidRecord(UNKNOWN_SCHEMA_VERSION,
                    "schemaVersion: " + version + " is not supported (this consumer reads " + LocationUpdate.SCHEMA_VERSION + ")");
        }
        for (String name : root.propertyNames()) {
            if (!FIELDS.contains(name)) {
                throw invalid(name + ": unknown field");
            }
        }
        UUID eventId = uuid(root, "eventId", true);
        String riderId = text(root, "riderId", true);
        if (!RIDER_ID.matcher(riderId).matches()) {
            throw invalid("riderId: must be 1-64 characters of [A-Za-z0-9_-]");
        }
        UUID tripId = uuid(root, "tripId", false);
        double lat = number(root, "lat", true, -90, 90);
        double lon = number(root, "lon", true, -180, 180);
        Float speed = optionalFloat(root, "speedMps", 0, 100, false);
        Float heading = optionalFloat(root, "headingDeg", 0, 360, true);
        Float accuracy = optionalFloat(root, "accuracyM", 0, 10_000, false);
        Instant recordedAt = instant(root, "recordedAt");
        Instant receivedAt = instant(root, "receivedAt");
        // Measured against receivedAt rather than the clock, so replaying an old topic gives the same verdict.
        if (recordedAt.isAfter(receivedAt.plus(maxFutureSkew))) {
            throw invalid("recordedAt: more than " + maxFutureSkew + " after receivedAt");
        }
        return new LocationUpdate(LocationUpdate.SCHEMA_VERSION, eventId, riderId, tripId, lat, lon, speed, heading,
                accuracy, recordedAt, receivedAt);
    }

    private static String text(JsonNode root, String field, boolean required) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw invalid(field + ": required");
            }
            return null;
        }
        if (!node.isString()) {
            throw invalid(field + ": must be a string");
        }
        return node.stringValue();
    }

    private static UUID uuid(JsonNode root, String field, boolean required) {
        String text = text(root, field, required);
        if (text == null) {
            return null;
        }
        if (!UUID_TEXT.matcher(text).matches()) {
            throw invalid(field + ": must be a UUID");
        }
        return UUID.fromString(text);
    }

    private static double number(JsonNode root, String field, boolean required, double min, double max) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw invalid(field + ": required");
        }
        if (!node.isNumber()) {
            throw invalid(field + ": must be a number");
        }
        double value = node.doubleValue();
        if (!(value >= min && value <= max)) {
            throw invalid(field + ": must be between " + min + " and " + max);
        }
        return value;
    }

    private static Float optionalFloat(JsonNode root, String field, double min, double max, boolean maxExclusive) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw invalid(field + ": must be a number");
        }
        double value = node.doubleValue();
        if (!(value >= min && (maxExclusive ? value < max : value <= max))) {
            throw invalid(field + ": must be between " + min + " and " + max + (maxExclusive ? " (exclusive)" : ""));
        }
        return (float) value;
    }

    private static Instant instant(JsonNode root, String field) {
        String text = text(root, field, true);
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text).toInstant();
        }
        catch (DateTimeParseException ex) {
            throw invalid(field + ": must be an ISO-8601 date-time with offset");
        }
        // Anything outside this window is a broken clock, and a value PostgreSQL cannot store would fail the whole
        // batch over and over: it must be a dead letter, not a database error.
        if (instant.isBefore(EARLIEST) || !instant.isBefore(LATEST)) {
            throw invalid(field + ": must be between " + EARLIEST + " and " + LATEST);
        }
        return instant;
    }

    private static InvalidRecord invalid(String detail) {
        return new InvalidRecord(INVALID_FIELD, detail);
    }

    private static final class InvalidRecord extends RuntimeException {

        private final String reason;

        InvalidRecord(String reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }
}
