package dev.ridehail.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.ridehail.contract.LocationUpdateEventParser.Accepted;
import dev.ridehail.contract.LocationUpdateEventParser.Rejected;
import dev.ridehail.contract.LocationUpdateEventParser.Result;
import dev.ridehail.contract.LocationUpdateEventParser.UnknownFields;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static dev.ridehail.contract.LocationUpdateEventParser.INVALID_FIELD;
import static dev.ridehail.contract.LocationUpdateEventParser.NOT_JSON;
import static dev.ridehail.contract.LocationUpdateEventParser.RECORDED_AT_IN_FUTURE;
import static dev.ridehail.contract.LocationUpdateEventParser.UNKNOWN_SCHEMA_VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

class LocationUpdateEventParserTests {

    static final ObjectMapper JSON = new ObjectMapper();

    static final JsonNode SCHEMA_DOCUMENT = schemaDocument();

    static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
        .getSchema(SCHEMA_DOCUMENT, SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());

    static final Instant NOW = Instant.parse("2026-11-25T10:20:00Z");

    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    final LocationUpdateEventParser strict = new LocationUpdateEventParser(Duration.ofSeconds(60), CLOCK,
            UnknownFields.REJECT);

    final LocationUpdateEventParser tolerant = new LocationUpdateEventParser(Duration.ofSeconds(60), CLOCK,
            UnknownFields.IGNORE);

    static final String VALID = """
            {"schemaVersion":1,"eventId":"0b6f3f5e-8a55-4d6e-9d2a-3c1f2b7d9e10","riderId":"rider_42-a",
             "tripId":"4d3c2b1a-0f9e-4d8c-b7a6-958473625140","lat":52.52,"lon":13.405,"speedMps":8.3,
             "headingDeg":359.9,"accuracyM":5,"recordedAt":"2026-11-25T10:15:30.123Z","receivedAt":"2026-11-25T10:15:30.456Z"}
            """;

    @Test
    void shouldReadEveryFieldOfAValidUpdate() {
        assertThat(strict.parse(bytes(VALID))).isEqualTo(new Accepted(new LocationUpdateEvent(1,
                UUID.fromString("0b6f3f5e-8a55-4d6e-9d2a-3c1f2b7d9e10"), "rider_42-a",
                UUID.fromString("4d3c2b1a-0f9e-4d8c-b7a6-958473625140"), 52.52, 13.405, 8.3, 359.9, 5.0,
                Instant.parse("2026-11-25T10:15:30.123Z"), Instant.parse("2026-11-25T10:15:30.456Z"))));
    }

    @Test
    void shouldLeaveAbsentAndNullOptionalFieldsNull() {
        String minimal = edit(VALID, o -> {
            o.remove("tripId");
            o.putNull("speedMps");
            o.remove("headingDeg");
            o.putNull("accuracyM");
        });

        LocationUpdateEvent event = accepted(strict.parse(bytes(minimal)));

        assertThat(event.tripId()).isNull();
        assertThat(event.speedMps()).isNull();
        assertThat(event.headingDeg()).isNull();
        assertThat(event.accuracyM()).isNull();
    }

    @Test
    void shouldReadAnOffsetAsTheInstantItDenotes() {
        String withOffsets = edit(VALID, o -> {
            o.put("recordedAt", "2026-11-25T12:15:30.123456789+02:00");
            o.put("receivedAt", "2026-11-25T09:45:31-00:30");
        });

        LocationUpdateEvent event = accepted(strict.parse(bytes(withOffsets)));

        assertThat(event.recordedAt()).isEqualTo(Instant.parse("2026-11-25T10:15:30.123456789Z"));
        assertThat(event.receivedAt()).isEqualTo(Instant.parse("2026-11-25T10:15:31Z"));
    }

    @Nested
    class ParityWithTheSchema {

        static Stream<Arguments> schemaExamples() {
            return StreamSupport.stream(SCHEMA_DOCUMENT.get("examples").spliterator(), false)
                .map(example -> argumentSet(example.path("riderId").asText(), example.toString()));
        }

        @ParameterizedTest
        @MethodSource("schemaExamples")
        void shouldAcceptEveryExampleOfTheSchema(String example) {
            assertThat(violations(example)).isEmpty();

            assertThat(strict.parse(bytes(example))).isInstanceOf(Accepted.class);
            assertThat(tolerant.parse(bytes(example))).isInstanceOf(Accepted.class);
        }

        @ParameterizedTest
        @MethodSource("dev.ridehail.contract.LocationUpdateEventParserTests#schemaInvalidDocuments")
        void shouldRejectWhatTheSchemaRejectsWithTheSameReason(String document, String reason, String detailNames) {
            assertThat(violations(document)).as("the schema rejects it").isNotEmpty();

            Result result = strict.parse(bytes(document));

            assertThat(result).isInstanceOfSatisfying(Rejected.class, rejected -> {
                assertThat(rejected.reason()).isEqualTo(reason);
                assertThat(rejected.detail()).contains(detailNames);
            });
        }

        @Test
        void shouldKnowExactlyTheSchemasFields() {
            List<String> schemaFields = new ArrayList<>();
            SCHEMA_DOCUMENT.get("properties").fieldNames().forEachRemaining(schemaFields::add);

            assertThat(Stream.of(LocationUpdateEvent.class.getRecordComponents()).map(c -> c.getName()))
                .containsExactlyElementsOf(schemaFields);
        }
    }

    static Stream<Arguments> schemaInvalidDocuments() {
        return Stream.of(
                argumentSet("not JSON", "lat=1&lon=2", NOT_JSON, "JSON"),
                argumentSet("truncated JSON", VALID.substring(0, 40), NOT_JSON, "JSON"),
                argumentSet("a JSON array", "[1,2]", NOT_JSON, "object"),
                argumentSet("a JSON string", "\"hello\"", NOT_JSON, "object"),
                argumentSet("JSON null", "null", NOT_JSON, "object"),
                argumentSet("the source notes' record", "{\"name\":\"tony\",\"location\":\"south\"}", INVALID_FIELD,
                        "schemaVersion"),
                argumentSet("schemaVersion missing", without("schemaVersion"), INVALID_FIELD, "schemaVersion"),
                argumentSet("schemaVersion null", with("schemaVersion", null), INVALID_FIELD, "schemaVersion"),
                argumentSet("schemaVersion 2", with("schemaVersion", 2), UNKNOWN_SCHEMA_VERSION, "schemaVersion: 2"),
                argumentSet("schemaVersion 1.5", with("schemaVersion", 1.5), UNKNOWN_SCHEMA_VERSION, "1.5"),
                argumentSet("schemaVersion as a string", with("schemaVersion", "1"), UNKNOWN_SCHEMA_VERSION, "\"1\""),
                argumentSet("schemaVersion an object", withJson("schemaVersion", "{\"major\":1}"),
                        UNKNOWN_SCHEMA_VERSION, "an object"),
                argumentSet("schemaVersion 2 wins over a bad field", edit(VALID, o -> {
                    o.put("schemaVersion", 2);
                    o.put("lat", "north");
                }), UNKNOWN_SCHEMA_VERSION, "schemaVersion"),
                argumentSet("unknown field", with("altitude", 30), INVALID_FIELD, "altitude: unknown field"),
                argumentSet("missing eventId", without("eventId"), INVALID_FIELD, "eventId: required"),
                argumentSet("eventId null", with("eventId", null), INVALID_FIELD, "eventId: required"),
                argumentSet("eventId not a UUID", with("eventId", "42"), INVALID_FIELD, "eventId"),
                argumentSet("eventId without dashes", with("eventId", "0b6f3f5e8a554d6e9d2a3c1f2b7d9e10"),
                        INVALID_FIELD, "eventId"),
                argumentSet("eventId with a non-hex digit", with("eventId", "0b6f3f5e-8a55-4d6e-9d2a-3c1f2b7d9e1g"),
                        INVALID_FIELD, "eventId"),
                argumentSet("eventId a number", with("eventId", 42), INVALID_FIELD, "eventId: must be a string"),
                argumentSet("missing riderId", without("riderId"), INVALID_FIELD, "riderId: required"),
                argumentSet("riderId empty", with("riderId", ""), INVALID_FIELD, "riderId"),
                argumentSet("riderId with a space", with("riderId", "a b"), INVALID_FIELD, "riderId"),
                argumentSet("riderId with a slash", with("riderId", "rider/42"), INVALID_FIELD, "riderId"),
                argumentSet("riderId with a non-ASCII letter", with("riderId", "fahrer-\u00fc"), INVALID_FIELD,
                        "riderId"),
                argumentSet("riderId too long", with("riderId", "r".repeat(65)), INVALID_FIELD, "riderId"),
                argumentSet("riderId a number", with("riderId", 42), INVALID_FIELD, "riderId: must be a string"),
                argumentSet("tripId not a UUID", with("tripId", "trip-1"), INVALID_FIELD, "tripId"),
                argumentSet("tripId empty", with("tripId", ""), INVALID_FIELD, "tripId"),
                argumentSet("missing lat", without("lat"), INVALID_FIELD, "lat: required"),
                argumentSet("lat above 90", with("lat", 90.5), INVALID_FIELD, "lat"),
                argumentSet("lat below -90", with("lat", -90.000001), INVALID_FIELD, "lat"),
                argumentSet("lat as a string", with("lat", "52.5"), INVALID_FIELD, "lat: must be a number"),
                argumentSet("lat an array", withJson("lat", "[52.5]"), INVALID_FIELD, "lat: must be a number"),
                argumentSet("lat beyond a double", withJson("lat", "1e400"), INVALID_FIELD, "lat"),
                argumentSet("missing lon", without("lon"), INVALID_FIELD, "lon: required"),
                argumentSet("lon null", with("lon", null), INVALID_FIELD, "lon: required"),
                argumentSet("lon below -180", with("lon", -180.1), INVALID_FIELD, "lon"),
                argumentSet("lon above 180", with("lon", 180.1), INVALID_FIELD, "lon"),
                argumentSet("negative speed", with("speedMps", -1), INVALID_FIELD, "speedMps"),
                argumentSet("speed above 100", with("speedMps", 100.5), INVALID_FIELD, "speedMps"),
                argumentSet("speed a boolean", with("speedMps", true), INVALID_FIELD, "speedMps: must be a number"),
                argumentSet("heading of 360", with("headingDeg", 360), INVALID_FIELD, "headingDeg"),
                argumentSet("negative heading", with("headingDeg", -0.5), INVALID_FIELD, "headingDeg"),
                argumentSet("accuracy above 10 km", with("accuracyM", 10001), INVALID_FIELD, "accuracyM"),
                argumentSet("negative accuracy", with("accuracyM", -1), INVALID_FIELD, "accuracyM"),
                argumentSet("missing recordedAt", without("recordedAt"), INVALID_FIELD, "recordedAt: required"),
                argumentSet("recordedAt without offset", with("recordedAt", "2026-11-25T10:15:30"), INVALID_FIELD,
                        "recordedAt"),
                argumentSet("recordedAt not a date", with("recordedAt", "yesterday"), INVALID_FIELD, "recordedAt"),
                argumentSet("recordedAt a date only", with("recordedAt", "2026-11-25"), INVALID_FIELD, "recordedAt"),
                argumentSet("recordedAt on 30 February", with("recordedAt", "2026-02-30T10:15:30Z"), INVALID_FIELD,
                        "recordedAt"),
                argumentSet("recordedAt at hour 24", with("recordedAt", "2026-11-25T24:00:00Z"), INVALID_FIELD,
                        "recordedAt"),
                argumentSet("recordedAt as epoch seconds", with("recordedAt", 1764065730), INVALID_FIELD,
                        "recordedAt: must be a string"),
                argumentSet("missing receivedAt", without("receivedAt"), INVALID_FIELD, "receivedAt: required"));
    }

    /**
     * Documents the schema validator takes (a lenient JSON reader keeps the last of two equal keys and ignores what
     * follows the first value; its date-time check allows a space for the T) and the consumers always refused.
     */
    static Stream<Arguments> ambiguousDocuments() {
        return Stream.of(
                argumentSet("receivedAt with a space", with("receivedAt", "2026-11-25 10:15:30Z"), INVALID_FIELD,
                        "receivedAt"),
                argumentSet("a field twice", VALID.replace("\"lat\":52.52,", "\"lat\":52.52,\"lat\":52.53,"),
                        INVALID_FIELD, "lat: appears more than once"),
                argumentSet("schemaVersion twice", VALID.replace("\"schemaVersion\":1,", "\"schemaVersion\":1,\"schemaVersion\":1,"),
                        INVALID_FIELD, "schemaVersion: appears more than once"),
                argumentSet("trailing garbage", VALID + " x", NOT_JSON, "JSON"),
                argumentSet("two objects", VALID + VALID, NOT_JSON, "trailing"));
    }

    @ParameterizedTest
    @MethodSource("ambiguousDocuments")
    void shouldRejectWhatALenientReaderTakes(String document, String reason, String detailNames) {
        assertThat(strict.parse(bytes(document))).isInstanceOfSatisfying(Rejected.class, rejected -> {
            assertThat(rejected.reason()).isEqualTo(reason);
            assertThat(rejected.detail()).contains(detailNames);
        });
    }

    @Nested
    class RulesTheSchemaCannotExpress {

        @Test
        void shouldRejectARecordedAtMoreThanTheSkewAfterReceivedAt() {
            String json = edit(VALID, o -> o.put("recordedAt", "2026-11-25T10:16:31Z"));

            Result result = strict.parse(bytes(json));

            assertThat(result).isEqualTo(new Rejected(RECORDED_AT_IN_FUTURE, "recordedAt 2026-11-25T10:16:31Z is more "
                    + "than 60 s after 2026-11-25T10:15:30.456Z (the earlier of receivedAt and now)"));
            assertThat(violations(json)).as("schema-valid").isEmpty();
        }

        @Test
        void shouldAcceptARecordedAtWithinTheSkew() {
            assertThat(strict.parse(bytes(edit(VALID, o -> o.put("recordedAt", "2026-11-25T10:16:30.456Z")))))
                .isInstanceOf(Accepted.class);
        }

        @Test
        void shouldMeasureTheSkewFromNowWhenReceivedAtIsAheadOfTheClock() {
            String bothAhead = edit(VALID, o -> {
                o.put("recordedAt", "2026-11-25T11:20:00Z");
                o.put("receivedAt", "2026-11-25T11:20:00Z");
            });

            assertThat(strict.parse(bytes(bothAhead))).isInstanceOfSatisfying(Rejected.class,
                    rejected -> assertThat(rejected.reason()).isEqualTo(RECORDED_AT_IN_FUTURE));
        }

        @Test
        void shouldJudgeAReplayOfOldRecordsAsTheFirstTime() {
            LocationUpdateEventParser yearsLater = new LocationUpdateEventParser(Duration.ofSeconds(60),
                    Clock.fixed(Instant.parse("2031-01-01T00:00:00Z"), ZoneOffset.UTC), UnknownFields.REJECT);

            assertThat(yearsLater.parse(bytes(VALID))).isEqualTo(strict.parse(bytes(VALID)));
        }

        @ParameterizedTest
        @MethodSource("dev.ridehail.contract.LocationUpdateEventParserTests#outsideTheStorableWindow")
        void shouldRejectAnInstantOutsideTwoThousandToTwentyOneHundred(String instant) {
            String json = edit(VALID, o -> {
                o.put("recordedAt", instant);
                o.put("receivedAt", instant);
            });

            assertThat(strict.parse(bytes(json))).isInstanceOfSatisfying(Rejected.class, rejected -> {
                assertThat(rejected.reason()).isEqualTo(INVALID_FIELD);
                assertThat(rejected.detail()).startsWith("recordedAt: must be from 2000-01-01T00:00:00Z");
            });
        }

        @Test
        void shouldAcceptTheFirstInstantOfTheWindowEvenWhenWrittenWithAnOffset() {
            String json = edit(VALID, o -> {
                o.put("recordedAt", "2000-01-01T02:00:00+02:00");
                o.put("receivedAt", "2000-01-01T00:00:00Z");
            });

            assertThat(accepted(strict.parse(bytes(json))).recordedAt()).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
        }

        @Test
        void shouldRejectAnEmptyOrBlankValue() {
            assertThat(strict.parse(null)).isEqualTo(new Rejected(NOT_JSON, "empty record value"));
            assertThat(strict.parse(new byte[0])).isEqualTo(new Rejected(NOT_JSON, "empty record value"));
            assertThat(strict.parse(bytes("  \n"))).isEqualTo(new Rejected(NOT_JSON, "empty record value"));
        }

        @Test
        void shouldRejectBytesThatAreNotUtf8() {
            byte[] value = bytes(VALID.replace("rider_42-a", "rider_42-X"));
            int at = new String(value, StandardCharsets.UTF_8).indexOf("-X");
            value[at + 1] = (byte) 0xC3;

            assertThat(strict.parse(value)).isInstanceOfSatisfying(Rejected.class,
                    rejected -> assertThat(rejected.reason()).isIn(NOT_JSON, INVALID_FIELD));
        }

        @Test
        void shouldShortenAVeryLongDetail() {
            String json = with("schemaVersion", "v".repeat(2_000));

            assertThat(strict.parse(bytes(json))).isInstanceOfSatisfying(Rejected.class,
                    rejected -> assertThat(rejected.detail()).hasSize(503).endsWith("..."));
        }
    }

    static Stream<Arguments> outsideTheStorableWindow() {
        return Stream.of(argumentSet("year 1", "0001-01-01T00:00:00Z"),
                argumentSet("just before 2000", "1999-12-31T23:59:59.999Z"),
                argumentSet("2000 in local time but 1999 in UTC", "2000-01-01T00:30:00+01:00"),
                argumentSet("2100", "2100-01-01T00:00:00Z"), argumentSet("year 9999", "9999-12-31T23:59:59Z"));
    }

    @Nested
    class UnknownFieldsWhenTolerant {

        @Test
        void shouldSkipUnknownFieldsOfAnyShape() {
            String json = edit(VALID, o -> {
                o.put("altitude", 30);
                o.putObject("device").put("os", "android").putArray("sensors").add("gps").addObject().put("x", 1);
                o.putNull("note");
            });

            assertThat(tolerant.parse(bytes(json))).isEqualTo(strict.parse(bytes(VALID)));
        }

        @Test
        void shouldStillRejectEveryOtherProblem() {
            assertThat(tolerant.parse(bytes(with("lat", 91)))).isInstanceOfSatisfying(Rejected.class,
                    rejected -> assertThat(rejected.reason()).isEqualTo(INVALID_FIELD));
            assertThat(tolerant.parse(bytes(with("schemaVersion", 2)))).isInstanceOfSatisfying(Rejected.class,
                    rejected -> assertThat(rejected.reason()).isEqualTo(UNKNOWN_SCHEMA_VERSION));
        }
    }

    @Test
    void shouldReadUuidsAsUuidFromStringDoes() {
        for (String text : List.of("0b6f3f5e-8a55-4d6e-9d2a-3c1f2b7d9e10", "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
                "00000000-0000-0000-0000-000000000000", "80000000-0000-8000-8000-000000000001")) {
            assertThat(LocationUpdateFields.canonicalUuid(text.toCharArray(), 0, 36)).isEqualTo(UUID.fromString(text));
        }
    }

    static LocationUpdateEvent accepted(Result result) {
        assertThat(result).isInstanceOf(Accepted.class);
        return ((Accepted) result).event();
    }

    static List<String> violations(String json) {
        try {
            return SCHEMA.validate(JSON.readTree(json)).stream().map(ValidationMessage::getMessage).toList();
        }
        catch (IOException ex) {
            return List.of("not JSON: " + ex.getMessage());
        }
    }

    static String with(String field, Object value) {
        return edit(VALID, o -> o.set(field, JSON.valueToTree(value)));
    }

    static String withJson(String field, String json) {
        return VALID.replaceFirst("\"" + field + "\":[^,]+,", "\"" + field + "\":" + json + ",");
    }

    static String without(String field) {
        return edit(VALID, o -> o.remove(field));
    }

    static String edit(String json, Consumer<ObjectNode> change) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(json);
            change.accept(node);
            return JSON.writeValueAsString(node);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode schemaDocument() {
        try (InputStream in = LocationUpdateEventParserTests.class.getClassLoader()
            .getResourceAsStream("contract/location-update.schema.json")) {
            return JSON.readTree(in);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
