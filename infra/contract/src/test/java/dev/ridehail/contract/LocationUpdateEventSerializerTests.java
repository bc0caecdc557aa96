package dev.ridehail.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.Random;
import java.util.UUID;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written serializer against the databind one it replaced. The reference mapper is a plain
 * {@code JsonMapper.builder().build()} given, as a mix-in, the two annotations ingest's own event record carried:
 * Boot's auto-configured JsonMapper (no spring.jackson settings in ingest) wrote the same bytes for every event tried,
 * instants included. (Ingest's KafkaValueSerializerTests checks the Kafka side: null and headers.)
 */
class LocationUpdateEventSerializerTests {

    private static final UUID EVENT_ID = UUID.fromString("0b6f3f5e-8a55-4d6e-9d2a-3c1f2b7d9e10");

    private static final UUID TRIP_ID = UUID.fromString("4d3c2b1a-0f9e-4d8c-b7a6-958473625140");

    private static final Instant RECORDED_AT = Instant.parse("2026-11-25T10:15:30.123Z");

    private static final Instant RECEIVED_AT = Instant.parse("2026-11-25T10:15:30.456Z");

    private static final String RIDER_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

    private final JsonMapper databind = JsonMapper.builder()
        .addMixIn(LocationUpdateEvent.class, IngestRecordAnnotations.class)
        .build();

    private final LocationUpdateEventSerializer serializer = new LocationUpdateEventSerializer();

    @Test
    void shouldWriteEveryFieldInContractOrderWhenAllAreSet() {
        LocationUpdateEvent event = new LocationUpdateEvent(1, EVENT_ID, "rider_42-a", TRIP_ID, 52.52, 13.405, 8.3,
                359.9, 5.0, RECORDED_AT, RECEIVED_AT);

        String json = assertParity(event);

        assertThat(json).isEqualTo("{\"schemaVersion\":1,\"eventId\":\"0b6f3f5e-8a55-4d6e-9d2a-3c1f2b7d9e10\","
                + "\"riderId\":\"rider_42-a\",\"tripId\":\"4d3c2b1a-0f9e-4d8c-b7a6-958473625140\",\"lat\":52.52,"
                + "\"lon\":13.405,\"speedMps\":8.3,\"headingDeg\":359.9,\"accuracyM\":5.0,"
                + "\"recordedAt\":\"2026-11-25T10:15:30.123Z\",\"receivedAt\":\"2026-11-25T10:15:30.456Z\"}");
        assertThat(LocationUpdateEventParserTests.violations(json)).isEmpty();
    }

    @Test
    void shouldLeaveOutOptionalFieldsThatAreAbsent() {
        LocationUpdateEvent event = new LocationUpdateEvent(1, EVENT_ID, "r", null, 0, 0, null, null, null,
                RECORDED_AT, RECEIVED_AT);

        String json = assertParity(event);

        assertThat(json).doesNotContain("tripId", "speedMps", "headingDeg", "accuracyM", "null");
        assertThat(LocationUpdateEventParserTests.violations(json)).isEmpty();
    }

    @Test
    void shouldWriteNegativeCoordinates() {
        LocationUpdateEvent event = new LocationUpdateEvent(1, EVENT_ID, "r", TRIP_ID, -33.8688, -151.2093, 0.0,
                0.0, 0.0, RECORDED_AT, RECEIVED_AT);

        String json = assertParity(event);

        assertThat(json).contains("\"lat\":-33.8688,\"lon\":-151.2093");
        assertThat(LocationUpdateEventParserTests.violations(json)).isEmpty();
    }

    @Test
    void shouldWriteTheCoordinateBoundsAsJacksonDoes() {
        LocationUpdateEvent event = new LocationUpdateEvent(1, EVENT_ID, "r", null, -90, 180, 100.0, 0.0, 10000.0,
                RECORDED_AT, RECEIVED_AT);

        String json = assertParity(event);

        assertThat(json).contains("\"lat\":-90.0,\"lon\":180.0,\"speedMps\":100.0,\"headingDeg\":0.0");
        assertThat(LocationUpdateEventParserTests.violations(json)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(doubles = { 0.1, 1e-7, 89.99999999, 360, 52.52, -0.0, 1e21, 4.9e-324, 1.7976931348623157e308 })
    void shouldWriteDoublesAsJacksonDoes(double value) {
        assertParity(new LocationUpdateEvent(1, EVENT_ID, "r", null, value, value, value, value, value, RECORDED_AT,
                RECEIVED_AT));
    }

    @ParameterizedTest
    @ValueSource(doubles = { Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY })
    void shouldWriteNonFiniteDoublesAsJacksonDoes(double value) {
        // Validation keeps these out of events; should one slip through, consumers still see what they saw before.
        assertParity(new LocationUpdateEvent(1, EVENT_ID, "r", null, value, value, value, value, value, RECORDED_AT,
                RECEIVED_AT));
    }

    @ParameterizedTest
    @ValueSource(strings = { "2026-11-25T10:15:30Z", "2026-11-25T10:15:30.100Z", "2026-11-25T10:15:30.123Z",
            "2026-11-25T10:15:30.123456Z", "2026-11-25T10:15:30.123456789Z", "2026-11-25T10:15:30.000000001Z",
            "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z" })
    void shouldWriteInstantsAsIsoStrings(String instant) {
        Instant value = Instant.parse(instant);

        String json = assertParity(new LocationUpdateEvent(1, EVENT_ID, "r", null, 1, 2, null, null, null, value,
                value));

        assertThat(json).endsWith("\"recordedAt\":\"" + instant + "\",\"receivedAt\":\"" + instant + "\"}");
        assertThat(LocationUpdateEventParserTests.violations(json)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "2028-02-29T23:59:59.999999999Z", "2000-03-01T00:00:00.010Z", "9999-12-31T23:59:59.999Z",
            "0001-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59.5Z" })
    void shouldWriteInstantsAtTheEdgesOfFourDigitYearsAsIsoStrings(String instant) {
        Instant value = Instant.parse(instant);

        String json = assertParity(new LocationUpdateEvent(1, EVENT_ID, "r", null, 1, 2, null, null, null, value,
                value));

        assertThat(json).endsWith("\"recordedAt\":\"" + value + "\",\"receivedAt\":\"" + value + "\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = { "rider-1", "rider_1", "-_-", "_", "bench-10000",
            "a234567890123456789012345678901234567890123456789012345678901234" })
    void shouldWriteRiderIdsWithDashesAndUnderscores(String riderId) {
        String json = assertParity(new LocationUpdateEvent(1, EVENT_ID, riderId, null, 1, 2, null, null, null,
                RECORDED_AT, RECEIVED_AT));

        assertThat(json).contains("\"riderId\":\"" + riderId + "\"");
        assertThat(LocationUpdateEventParserTests.violations(json)).isEmpty();
    }

    @Test
    void shouldEscapeStringsAsJacksonDoes() {
        // The parser admits only the contract's riderId characters; this pins the generator's escaping regardless.
        assertParity(new LocationUpdateEvent(1, EVENT_ID, "r\u00e9\"\\\n\u0001\u2028\ud83d\ude95", null, 1, 2, null,
                null, null, RECORDED_AT, RECEIVED_AT));
    }

    @Test
    void shouldLeaveOutEveryNullReference() {
        String json = assertParity(new LocationUpdateEvent(1, null, null, null, 1, 2, null, null, null, null, null));

        assertThat(json).isEqualTo("{\"schemaVersion\":1,\"lat\":1.0,\"lon\":2.0}");
    }

    @Test
    void shouldSerializeNullAsNull() {
        assertThat(serializer.serialize(null)).isNull();
    }

    @Test
    void shouldMatchDatabindAndTheContractForRandomContractEvents() {
        Random random = new Random(20261125);
        for (int i = 0; i < 5_000; i++) {
            LocationUpdateEvent event = randomContractEvent(random);

            String json = assertParity(event);

            assertThat(LocationUpdateEventParserTests.violations(json)).as(json).isEmpty();
        }
    }

    @Test
    void shouldMatchDatabindForArbitraryDoublesAndInstants() {
        Random random = new Random(42);
        for (int i = 0; i < 5_000; i++) {
            assertParity(new LocationUpdateEvent(1, new UUID(random.nextLong(), random.nextLong()), "r", null,
                    anyDouble(random), anyDouble(random), anyDouble(random), anyDouble(random), anyDouble(random),
                    anyInstant(random), anyInstant(random)));
        }
    }

    /** Asserts both serializers wrote the same bytes and returns them as text. */
    private String assertParity(LocationUpdateEvent event) {
        byte[] expected = databind.writeValueAsBytes(event);
        byte[] actual = serializer.serialize(event);
        String json = new String(actual, UTF_8);
        assertThat(json).isEqualTo(new String(expected, UTF_8));
        assertThat(actual).isEqualTo(expected);
        return json;
    }

    private static LocationUpdateEvent randomContractEvent(Random random) {
        return new LocationUpdateEvent(LocationUpdateEvent.SCHEMA_VERSION, randomUuid(random), randomRiderId(random),
                random.nextBoolean() ? randomUuid(random) : null, coordinate(random, 90), coordinate(random, 180),
                random.nextBoolean() ? measurement(random, 100) : null,
                random.nextBoolean() ? heading(random) : null,
                random.nextBoolean() ? measurement(random, 10_000) : null, randomInstant(random),
                randomInstant(random));
    }

    /** Mostly shaped like the version 4 ids clients and ingest create, sometimes arbitrary bits. */
    private static UUID randomUuid(Random random) {
        long most = random.nextLong();
        long least = random.nextLong();
        if (random.nextInt(4) == 0) {
            return new UUID(most, least);
        }
        return new UUID((most & ~0xF000L) | 0x4000L, (least & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
    }

    private static String randomRiderId(Random random) {
        StringBuilder id = new StringBuilder();
        int length = 1 + random.nextInt(64);
        for (int i = 0; i < length; i++) {
            id.append(RIDER_ID_ALPHABET.charAt(random.nextInt(RIDER_ID_ALPHABET.length())));
        }
        return id.toString();
    }

    /** A value in [-bound, bound], with the precisions devices send: full, a few decimals, integral, the bounds. */
    private static double coordinate(Random random, double bound) {
        return switch (random.nextInt(5)) {
            case 0 -> bound * (2 * random.nextDouble() - 1);
            case 1 -> rounded(bound * (2 * random.nextDouble() - 1), random.nextInt(1, 9));
            case 2 -> random.nextInt(-(int) bound, (int) bound + 1);
            case 3 -> random.nextBoolean() ? bound : -bound;
            default -> random.nextDouble() * 1e-6 * (random.nextBoolean() ? 1 : -1);
        };
    }

    /** A value in [0, max], full precision, rounded, integral or tiny. */
    private static double measurement(Random random, double max) {
        return switch (random.nextInt(4)) {
            case 0 -> max * random.nextDouble();
            case 1 -> rounded(max * random.nextDouble(), random.nextInt(0, 6));
            case 2 -> random.nextInt((int) max + 1);
            default -> random.nextDouble() * 1e-7;
        };
    }

    /** A value in [0, 360), which the contract leaves open at the top. */
    private static double heading(Random random) {
        double value = random.nextBoolean() ? 360 * random.nextDouble() : rounded(360 * random.nextDouble(), 2);
        return value < 360 ? value : 0;
    }

    private static double rounded(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    /** Whole seconds, millis, micros or nanos between 2000 and 2100. */
    private static Instant randomInstant(Random random) {
        long seconds = random.nextLong(946_684_800L, 4_102_444_800L);
        int nanos = random.nextInt(1_000_000_000);
        return Instant.ofEpochSecond(seconds, switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> nanos / 1_000_000 * 1_000_000;
            case 2 -> nanos / 1_000 * 1_000;
            default -> nanos;
        });
    }

    /** Mostly years 0000 to 9999, the rest anywhere an Instant can be. */
    private static Instant anyInstant(Random random) {
        long seconds = random.nextInt(4) == 0
                ? random.nextLong(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond() + 1)
                : random.nextLong(-62_167_219_200L, 253_402_300_800L);
        return Instant.ofEpochSecond(seconds, random.nextBoolean() ? 0 : random.nextInt(1_000_000_000));
    }

    private static double anyDouble(Random random) {
        return Double.longBitsToDouble(random.nextLong());
    }

    /** What ingest's former record declared; the databind output with them is the reference the bytes must match. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({ "schemaVersion", "eventId", "riderId", "tripId", "lat", "lon", "speedMps", "headingDeg",
            "accuracyM", "recordedAt", "receivedAt" })
    private interface IngestRecordAnnotations {
    }
}
