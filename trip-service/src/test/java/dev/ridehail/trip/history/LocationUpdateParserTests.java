package dev.ridehail.trip.history;

import dev.ridehail.contract.LocationUpdateEvent;
import dev.ridehail.contract.LocationUpdateEventParser;
import dev.ridehail.contract.LocationUpdateEventParser.Accepted;
import dev.ridehail.contract.LocationUpdateEventParser.Rejected;
import dev.ridehail.contract.LocationUpdateEventParser.UnknownFields;
import dev.ridehail.testing.LocationUpdateSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * trip-service's policy for the contract's parser (the shared default of kafka-db-offsets' consumer
 * auto-configuration): unknown fields are dead-lettered, recordedAt at most the configured skew ahead.
 */
class LocationUpdateParserTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final LocationUpdateEventParser parser = new LocationUpdateEventParser(Duration.ofMinutes(5),
            Clock.fixed(Instant.parse("2026-11-25T10:20:00Z"), ZoneOffset.UTC), UnknownFields.REJECT);

    private static Map<String, Object> valid() {
        Map<String, Object> update = new LinkedHashMap<>();
        update.put("schemaVersion", 1);
        update.put("eventId", "0b6f3f5e-8a55-4d6e-9d2a-3c1f2b7d9e10");
        update.put("riderId", "rider_42-a");
        update.put("tripId", "4d3c2b1a-0f9e-4d8c-b7a6-958473625140");
        update.put("lat", 52.52);
        update.put("lon", 13.405);
        update.put("speedMps", 8.3);
        update.put("headingDeg", 359.9);
        update.put("accuracyM", 5);
        update.put("recordedAt", "2026-11-25T10:15:30.123Z");
        update.put("receivedAt", "2026-11-25T10:15:30.456Z");
        return update;
    }

    private LocationUpdateEventParser.Result parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadEveryFieldOfAValidUpdate() {
        String json = JSON.writeValueAsString(valid());
        assertThat(LocationUpdateSchema.violations(json)).isEmpty();

        LocationUpdateEventParser.Result result = parse(json);

        assertThat(result).isEqualTo(new Accepted(new LocationUpdateEvent(1,
                UUID.fromString("0b6f3f5e-8a55-4d6e-9d2a-3c1f2b7d9e10"), "rider_42-a",
                UUID.fromString("4d3c2b1a-0f9e-4d8c-b7a6-958473625140"), 52.52, 13.405, 8.3, 359.9, 5.0,
                Instant.parse("2026-11-25T10:15:30.123Z"), Instant.parse("2026-11-25T10:15:30.456Z"))));
    }

    @Test
    void shouldAcceptTheMinimalUpdateTheSchemaAccepts() {
        Map<String, Object> minimal = valid();
        minimal.remove("tripId");
        minimal.remove("speedMps");
        minimal.put("headingDeg", null);
        minimal.remove("accuracyM");
        String json = JSON.writeValueAsString(minimal);
        assertThat(LocationUpdateSchema.violations(json)).isEmpty();

        assertThat(parse(json)).isInstanceOf(Accepted.class);
    }

    @Test
    void shouldDescribeItsOwnRecordInTheContractsFieldNames() {
        // the record the consumers read has exactly the schema's properties
        assertThat(Stream.of(LocationUpdateEvent.class.getRecordComponents()).map(c -> c.getName()))
            .containsExactlyInAnyOrderElementsOf(() -> LocationUpdateSchema.document().get("properties").fieldNames());
    }

    @ParameterizedTest
    @MethodSource("invalidUpdates")
    void shouldRejectWhatTheSchemaRejectsWithAReason(String json, String reason, String detailMentions) {
        LocationUpdateEventParser.Result result = parse(json);

        assertThat(LocationUpdateSchema.violations(json)).as("the contract rejects it too").isNotEmpty();
        assertThat(result).isInstanceOf(Rejected.class);
        Rejected invalid = (Rejected) result;
        assertThat(invalid.reason()).isEqualTo(reason);
        assertThat(invalid.detail()).contains(detailMentions);
    }

    static Stream<Arguments> invalidUpdates() {
        return Stream.of(
                argumentSet("the source notes' record", "{\"name\":\"tony\",\"location\":\"south\"}", "INVALID_FIELD",
                        "schemaVersion"),
                argumentSet("not JSON", "lat=1&lon=2", "NOT_JSON", "JSON"),
                argumentSet("truncated JSON", JSON.writeValueAsString(valid()).substring(0, 40), "NOT_JSON", "JSON"),
                argumentSet("a JSON array", "[1,2]", "NOT_JSON", "object"),
                argumentSet("schemaVersion 2", with("schemaVersion", 2), "UNKNOWN_SCHEMA_VERSION", "schemaVersion"),
                argumentSet("schemaVersion as a string", with("schemaVersion", "1"), "UNKNOWN_SCHEMA_VERSION", "schemaVersion"),
                argumentSet("unknown field", with("altitude", 30), "INVALID_FIELD", "altitude"),
                argumentSet("missing eventId", without("eventId"), "INVALID_FIELD", "eventId"),
                argumentSet("eventId not a UUID", with("eventId", "42"), "INVALID_FIELD", "eventId"),
                argumentSet("riderId with a space", with("riderId", "a b"), "INVALID_FIELD", "riderId"),
                argumentSet("riderId too long", with("riderId", "r".repeat(65)), "INVALID_FIELD", "riderId"),
                argumentSet("riderId a number", with("riderId", 42), "INVALID_FIELD", "riderId"),
                argumentSet("tripId not a UUID", with("tripId", "trip-1"), "INVALID_FIELD", "tripId"),
                argumentSet("lat above 90", with("lat", 90.5), "INVALID_FIELD", "lat"),
                argumentSet("lat as a string", with("lat", "52.5"), "INVALID_FIELD", "lat"),
                argumentSet("missing lon", without("lon"), "INVALID_FIELD", "lon"),
                argumentSet("lon below -180", with("lon", -180.1), "INVALID_FIELD", "lon"),
                argumentSet("negative speed", with("speedMps", -1), "INVALID_FIELD", "speedMps"),
                argumentSet("heading of 360", with("headingDeg", 360), "INVALID_FIELD", "headingDeg"),
                argumentSet("accuracy above 10 km", with("accuracyM", 10001), "INVALID_FIELD", "accuracyM"),
                argumentSet("recordedAt without offset", with("recordedAt", "2026-11-25T10:15:30"), "INVALID_FIELD",
                        "recordedAt"),
                argumentSet("missing receivedAt", without("receivedAt"), "INVALID_FIELD", "receivedAt"));
    }

    @Test
    void shouldRejectARecordedAtFarAfterItsReceivedAt() {
        String json = with("recordedAt", "2026-11-25T11:15:30Z");

        assertThat(parse(json)).isEqualTo(new Rejected("RECORDED_AT_IN_FUTURE",
                "recordedAt 2026-11-25T11:15:30Z is more than 300 s after 2026-11-25T10:15:30.456Z"
                        + " (the earlier of receivedAt and now)"));
    }

    @Test
    void shouldRejectARecordedAtFarAfterNowEvenWhenReceivedAtIsAsFarAhead() {
        String json = JSON.writeValueAsString(with(valid(), "recordedAt", "2026-11-25T11:15:30Z", "receivedAt",
                "2026-11-25T11:15:30Z"));

        assertThat(parse(json)).isInstanceOfSatisfying(Rejected.class,
                invalid -> assertThat(invalid.reason()).isEqualTo("RECORDED_AT_IN_FUTURE"));
    }

    @Test
    void shouldRejectADateOutsideWhatTheDatabaseMeaningfullyStores() {
        assertThat(parse(with("recordedAt", "0001-01-01T00:00:00Z"))).isInstanceOf(Rejected.class);
    }

    @Test
    void shouldRejectAnEmptyValue() {
        assertThat(parser.parse(null)).isEqualTo(new Rejected("NOT_JSON", "empty record value"));
    }

    private static String with(String field, Object value) {
        Map<String, Object> update = valid();
        update.put(field, value);
        return JSON.writeValueAsString(update);
    }

    private static Map<String, Object> with(Map<String, Object> update, String field, Object value, String other,
            Object otherValue) {
        update.put(field, value);
        update.put(other, otherValue);
        return update;
    }

    private static String without(String field) {
        Map<String, Object> update = valid();
        update.remove(field);
        return JSON.writeValueAsString(update);
    }
}
