package dev.ridehail.rider.position;

import dev.ridehail.contract.LocationUpdateEventParser.Accepted;
import dev.ridehail.contract.LocationUpdateEventParser.Rejected;
import dev.ridehail.contract.LocationUpdateEventParser;
import dev.ridehail.offsets.ConsumerProperties;
import dev.ridehail.testing.LocationUpdateSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;

import static dev.ridehail.contract.LocationUpdateEventParser.INVALID_FIELD;
import static dev.ridehail.contract.LocationUpdateEventParser.NOT_JSON;
import static dev.ridehail.contract.LocationUpdateEventParser.RECORDED_AT_IN_FUTURE;
import static dev.ridehail.contract.LocationUpdateEventParser.UNKNOWN_SCHEMA_VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * rider-service's configuration of the contract's parser (infra/contract, where every rule is tested against the
 * schema): the verdicts this service relies on, its skew, and its tolerance of unknown fields.
 */
class LocationUpdateContractTests {

    static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");

    // the bean rider-service runs with, at the shared default skew (5 min)
    final LocationUpdateEventParser parser = new PositionConfiguration().locationUpdateEventParser(
            new ConsumerProperties("rider-service", Duration.ofMinutes(5), Duration.ofSeconds(120)),
            Clock.fixed(NOW, ZoneOffset.UTC));

    static final String VALID = """
            {"schemaVersion":1,"eventId":"6f1c2a4e-8b1d-4c55-9a53-2b0f7e5d9c11","riderId":"rider-42",
             "tripId":null,"lat":52.52,"lon":13.405,"speedMps":7.5,"headingDeg":359.9,"accuracyM":4.0,
             "recordedAt":"2026-01-15T11:59:58Z","receivedAt":"2026-01-15T11:59:59Z"}
            """;

    @Test
    void shouldAcceptAValidUpdate() {
        assertThat(LocationUpdateSchema.violations(VALID)).isEmpty();

        var result = parser.parse(VALID.getBytes(StandardCharsets.UTF_8));

        assertThat(result).isInstanceOfSatisfying(Accepted.class, valid -> {
            assertThat(valid.event().riderId()).isEqualTo("rider-42");
            assertThat(valid.event().recordedAt()).isEqualTo(Instant.parse("2026-01-15T11:59:58Z"));
        });
    }

    static Stream<Arguments> badRecords() {
        return Stream.of(
                argumentSet("not JSON", "{oops", NOT_JSON),
                argumentSet("a JSON array", "[1,2]", NOT_JSON),
                argumentSet("empty value", "", NOT_JSON),
                argumentSet("schema version 2", VALID.replace("\"schemaVersion\":1", "\"schemaVersion\":2"), UNKNOWN_SCHEMA_VERSION),
                argumentSet("schema version missing", VALID.replace("\"schemaVersion\":1,", ""), INVALID_FIELD),
                argumentSet("latitude 90.5", VALID.replace("52.52", "90.5"), INVALID_FIELD),
                argumentSet("longitude missing", VALID.replace("\"lon\":13.405,", ""), INVALID_FIELD),
                argumentSet("heading 360", VALID.replace("359.9", "360"), INVALID_FIELD),
                argumentSet("negative speed", VALID.replace("7.5", "-1"), INVALID_FIELD),
                argumentSet("rider id with a slash", VALID.replace("rider-42", "rider/42"), INVALID_FIELD),
                argumentSet("event id not a UUID", VALID.replace("6f1c2a4e-8b1d-4c55-9a53-2b0f7e5d9c11", "nope"), INVALID_FIELD),
                argumentSet("recordedAt not a date", VALID.replace("2026-01-15T11:59:58Z", "yesterday"), INVALID_FIELD),
                argumentSet("recordedAt 5 min 1 s after receivedAt", VALID.replace("2026-01-15T11:59:58Z", "2026-01-15T12:05:00Z"), RECORDED_AT_IN_FUTURE),
                argumentSet("receivedAt and recordedAt both an hour ahead of now",
                        VALID.replace("2026-01-15T11:59:58Z", "2026-01-15T13:00:00Z").replace("2026-01-15T11:59:59Z", "2026-01-15T13:00:00Z"),
                        RECORDED_AT_IN_FUTURE));
    }

    @ParameterizedTest
    @MethodSource("badRecords")
    void shouldRejectWithReasonWhenRecordIsBad(String value, String reason) {
        var result = parser.parse(value.getBytes(StandardCharsets.UTF_8));

        assertThat(result).isInstanceOfSatisfying(Rejected.class,
                invalid -> assertThat(invalid.reason()).isEqualTo(reason));
        if (!reason.equals(RECORDED_AT_IN_FUTURE)) {
            assertThat(LocationUpdateSchema.violations(value)).as("the schema rejects it too").isNotEmpty();
        }
    }

    @Test
    void shouldAcceptRecordedAtWithinTheSkew() {
        String value = VALID.replace("2026-01-15T11:59:58Z", "2026-01-15T12:04:59Z");

        assertThat(parser.parse(value.getBytes(StandardCharsets.UTF_8))).isInstanceOf(Accepted.class);
    }

    @Test
    void shouldTolerateFieldsTheSchemaDoesNotDefine() {
        String value = VALID.replace("\"accuracyM\":4.0,", "\"accuracyM\":4.0,\"altitudeM\":34.5,\"device\":{\"os\":\"android\"},");

        assertThat(parser.parse(value.getBytes(StandardCharsets.UTF_8))).isEqualTo(
                parser.parse(VALID.getBytes(StandardCharsets.UTF_8)));
    }
}
