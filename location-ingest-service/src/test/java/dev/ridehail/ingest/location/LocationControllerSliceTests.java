package dev.ridehail.ingest.location;

import dev.ridehail.contract.LocationUpdateEvent;
import dev.ridehail.ingest.IngestProperties;
import dev.ridehail.ingest.security.IngestApiRules;
import dev.ridehail.ingest.support.IngestHttp;
import dev.ridehail.ingest.support.TestIssuerProperties;
import dev.ridehail.security.ApiSecurityAutoConfiguration;
import dev.ridehail.security.Caller;
import dev.ridehail.testing.TestIssuer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import static dev.ridehail.ingest.location.LocationControllerTests.BATCH;
import static dev.ridehail.ingest.location.LocationControllerTests.SINGLE;
import static dev.ridehail.ingest.location.LocationControllerTests.batchOf;
import static dev.ridehail.ingest.location.LocationControllerTests.padded;
import static dev.ridehail.ingest.location.LocationControllerTests.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The HTTP shape of the ingest endpoints (validation, every error answer, the problem bodies) with the real parser,
 * the real security (api-security's chain, checking tokens of {@link TestIssuer}) and a mocked publisher: no broker.
 * Requests carry a token of {@link #RIDER} unless a test says otherwise. That an accepted update reaches Kafka, and
 * that a refused one does not, is {@link LocationControllerTests}'s.
 */
@WebMvcTest(LocationController.class)
@ImportAutoConfiguration(ApiSecurityAutoConfiguration.class)
@Import({ LocationUpdateParser.class, UpdateAdmission.class, IngestMetrics.class, IngestApiRules.class,
        TestIssuerProperties.class, LocationControllerSliceTests.Infrastructure.class })
class LocationControllerSliceTests {

    /** The rider every body below names. */
    static final String RIDER = "rider-1";

    static final JsonMapper JSON = JsonMapper.builder().build();

    @TestConfiguration
    @EnableConfigurationProperties(IngestProperties.class)
    static class Infrastructure {

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    LocationPublisher publisher;

    MvcTestResult post(String path, String body) {
        return post(path, body.getBytes(StandardCharsets.UTF_8), MediaType.APPLICATION_JSON_VALUE);
    }

    MvcTestResult post(String path, byte[] body, String contentType) {
        return post(path, body, contentType, TestIssuer.bearer(IngestHttp.riderToken(RIDER)));
    }

    MvcTestResult post(String path, byte[] body, String contentType, String authorization) {
        var request = mvc.post().uri(path).content(body);
        if (authorization != null) {
            request = request.header("Authorization", authorization);
        }
        return (contentType == null ? request : request.contentType(contentType)).exchange();
    }

    /** A problem+json answer with this status and type, and nothing internal in it. */
    static JsonNode assertProblem(MvcTestResult result, int status, String slug) {
        // compatible: the security chain names the charset too (application/problem+json;charset=UTF-8)
        assertThat(result).hasStatus(status).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyText().doesNotContain("Exception", "java.", "tools.jackson", "at dev.ridehail");
        JsonNode body = JSON.readTree(result.getResponse().getContentAsByteArray());
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("title").asString()).isNotBlank();
        assertThat(body.get("type").asString()).isEqualTo("https://ridehail.dev/problems/" + slug);
        return body;
    }

    static List<String> errorFields(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach((error) -> {
            // the one entry shape: a body field is never a parameter
            assertThat(error.has("parameter")).isFalse();
            fields.add(error.path("field").asString(null));
        });
        return fields;
    }

    @Nested
    class SingleUpdate {

        static Stream<Arguments> invalidUpdates() {
            return Stream.of(
                    arguments(named("missing lat", (LocationControllerTests.Mutation) (n) -> n.remove("lat")), "lat"),
                    arguments(named("missing lon", (LocationControllerTests.Mutation) (n) -> n.remove("lon")), "lon"),
                    arguments(named("missing recordedAt", (LocationControllerTests.Mutation) (n) -> n.remove("recordedAt")), "recordedAt"),
                    arguments(named("lat above 90", (LocationControllerTests.Mutation) (n) -> n.put("lat", 90.0001)), "lat"),
                    arguments(named("lat below -90", (LocationControllerTests.Mutation) (n) -> n.put("lat", -91)), "lat"),
                    arguments(named("lon above 180", (LocationControllerTests.Mutation) (n) -> n.put("lon", 180.5)), "lon"),
                    arguments(named("lat not finite (1e999)", (LocationControllerTests.Mutation) (n) -> n.putRawValue("lat",
                            new tools.jackson.databind.util.RawValue("1e999"))), "lat"),
                    arguments(named("lat as a string", (LocationControllerTests.Mutation) (n) -> n.put("lat", "52.5")), "lat"),
                    arguments(named("riderId with a space", (LocationControllerTests.Mutation) (n) -> n.put("riderId", "rider 1")), "riderId"),
                    arguments(named("riderId of 65 characters", (LocationControllerTests.Mutation) (n) -> n.put("riderId", "r".repeat(65))),
                            "riderId"),
                    arguments(named("riderId empty", (LocationControllerTests.Mutation) (n) -> n.put("riderId", "")), "riderId"),
                    arguments(named("riderId a number", (LocationControllerTests.Mutation) (n) -> n.put("riderId", 42)), "riderId"),
                    arguments(named("recordedAt 2 minutes ahead", (LocationControllerTests.Mutation) (n) -> n.put("recordedAt",
                            Instant.now().plusSeconds(120).toString())), "recordedAt"),
                    arguments(named("recordedAt 2 hours ahead (Kafka would refuse)", (LocationControllerTests.Mutation) (n) -> n
                        .put("recordedAt", Instant.now().plusSeconds(7200).toString())), "recordedAt"),
                    arguments(named("recordedAt 25 hours old", (LocationControllerTests.Mutation) (n) -> n.put("recordedAt",
                            Instant.now().minusSeconds(25 * 3600).toString())), "recordedAt"),
                    arguments(named("recordedAt not an instant", (LocationControllerTests.Mutation) (n) -> n.put("recordedAt", "yesterday")),
                            "recordedAt"),
                    arguments(named("recordedAt without zone", (LocationControllerTests.Mutation) (n) -> n.put("recordedAt",
                            "2026-11-25T16:00:00")), "recordedAt"),
                    arguments(named("eventId not a UUID", (LocationControllerTests.Mutation) (n) -> n.put("eventId", "1-1-1-1-1")), "eventId"),
                    arguments(named("tripId not a UUID", (LocationControllerTests.Mutation) (n) -> n.put("tripId", "trip-1")), "tripId"),
                    arguments(named("speedMps negative", (LocationControllerTests.Mutation) (n) -> n.put("speedMps", -1)), "speedMps"),
                    arguments(named("speedMps above 100", (LocationControllerTests.Mutation) (n) -> n.put("speedMps", 100.1)), "speedMps"),
                    arguments(named("headingDeg 360", (LocationControllerTests.Mutation) (n) -> n.put("headingDeg", 360)), "headingDeg"),
                    arguments(named("accuracyM above 10000", (LocationControllerTests.Mutation) (n) -> n.put("accuracyM", 10001)),
                            "accuracyM"),
                    arguments(named("server-owned receivedAt", (LocationControllerTests.Mutation) (n) -> n.put("receivedAt",
                            Instant.now().toString())), "receivedAt"),
                    arguments(named("server-owned schemaVersion", (LocationControllerTests.Mutation) (n) -> n.put("schemaVersion", 1)),
                            "schemaVersion"),
                    arguments(named("unknown field", (LocationControllerTests.Mutation) (n) -> n.put("isAdmin", true)), "isAdmin"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("invalidUpdates")
        void shouldAnswer422NamingTheFieldWhenAValueIsInvalid(LocationControllerTests.Mutation mutation, String field) {
            ObjectNode body = update(RIDER);
            mutation.apply(body);

            JsonNode problem = assertProblem(post(SINGLE, body.toString()), 422, "invalid-location-update");

            assertThat(errorFields(problem)).containsExactly(field);
            assertThat(problem.get("errors").get(0).has("index")).isFalse();
            verifyNoInteractions(publisher);
        }

        @Test
        void shouldAnswer422WhenTheBodyIsJsonButNotAnObject() {
            assertProblem(post(SINGLE, "[1,2,3]"), 422, "invalid-location-update");
            assertProblem(post(SINGLE, "null"), 422, "invalid-location-update");
        }

        static Stream<Arguments> malformedBodies() {
            byte[] badUtf8 = ("{\"riderId\":\"r\u00e9\",\"lat\":1,\"lon\":1,\"recordedAt\":\"" + Instant.now() + "\"}")
                .getBytes(StandardCharsets.ISO_8859_1);
            return Stream.of(arguments(named("truncated JSON", "{\"riderId\":".getBytes(StandardCharsets.UTF_8))),
                    arguments(named("not JSON at all", "riderId=1&lat=2".getBytes(StandardCharsets.UTF_8))),
                    arguments(named("invalid UTF-8", badUtf8)),
                    arguments(named("empty body", new byte[0])),
                    arguments(named("trailing garbage", "{} {}".getBytes(StandardCharsets.UTF_8))),
                    arguments(named("duplicate field", "{\"lat\":1,\"lat\":2}".getBytes(StandardCharsets.UTF_8))),
                    arguments(named("NaN literal", "{\"lat\":NaN}".getBytes(StandardCharsets.UTF_8))),
                    arguments(named("nested 10000 deep",
                            ("[".repeat(10_000) + "]".repeat(10_000)).getBytes(StandardCharsets.UTF_8))),
                    arguments(named("nested 40 deep in a field", ("{\"lat\":" + "{\"a\":".repeat(40) + "1"
                            + "}".repeat(40) + "}").getBytes(StandardCharsets.UTF_8))));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("malformedBodies")
        void shouldAnswer400WhenTheBodyIsNotWellFormedJson(byte[] body) {
            JsonNode problem = assertProblem(post(SINGLE, body, MediaType.APPLICATION_JSON_VALUE), 400, "malformed-body");

            assertThat(problem.get("errors")).isNotEmpty();
            assertThat(problem.get("errors").get(0).get("message").asString()).isEqualTo(problem.get("detail").asString());
        }

        @Test
        void shouldSayWhereTheJsonBreaks() {
            JsonNode problem = assertProblem(post(SINGLE, "{\"riderId\":\"a\",\n \"lat\": }"), 400, "malformed-body");

            assertThat(problem.get("detail").asString()).contains("line 2");
        }

        @Test
        void shouldAnswer413WhenTheBodyExceeds64KiB() {
            assertProblem(post(SINGLE, padded(update(RIDER), 64 * 1024 + 1)), 413, "body-too-large");
            verifyNoInteractions(publisher);
        }

        @Test
        void shouldAnswer415WhenTheContentTypeIsNotJson() {
            byte[] body = update(RIDER).toString().getBytes(StandardCharsets.UTF_8);

            assertProblem(post(SINGLE, body, "text/plain"), 415, "unsupported-media-type");
            assertProblem(post(SINGLE, body, null), 415, "unsupported-media-type");
            verifyNoInteractions(publisher);
        }

        @Test
        void shouldAnswer503WithRetryAfterAndTheRetryAdviceWhenKafkaDoesNotAcknowledge() {
            given(publisher.publish(anyList(), any())).willThrow(new KafkaUnavailableException(
                    "Kafka did not acknowledge the update(s) within 5000 ms", new TimeoutException("secret-broker:9092")));

            MvcTestResult result = post(SINGLE, update(RIDER).toString());

            JsonNode problem = assertProblem(result, 503, "kafka-unavailable");
            assertThat(result).hasHeader("Retry-After", "5");
            assertThat(problem.get("detail").asString()).endsWith("; retry with the same eventId(s)");
            assertThat(result).bodyText().doesNotContain("secret-broker");
        }

        @Test
        void shouldAnswer202WithTheRecordPositionThePublisherReports() {
            given(publisher.publish(anyList(), any())).willAnswer((call) -> {
                List<LocationUpdateEvent> events = call.getArgument(0);
                return List.of(new LocationPublisher.Published(events.getFirst().eventId().toString(), 3, 1042));
            });

            MvcTestResult result = post(SINGLE, update(RIDER).put("eventId", "7d1c8a52-4f7e-4c55-9a43-0c2f3b8e6a10").toString());

            assertThat(result).hasStatus(202);
            assertThat(result).bodyJson().isLenientlyEqualTo("""
                    {"eventId":"7d1c8a52-4f7e-4c55-9a43-0c2f3b8e6a10","partition":3,"offset":1042}""");
        }
    }

    @Nested
    class Batch {

        @Test
        void shouldAnswer422NamingEachBadItemByIndex() {
            List<ObjectNode> updates = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                updates.add(update(RIDER));
            }
            updates.get(2).put("lat", 123);
            updates.get(4).put("receivedAt", Instant.now().toString()).remove("lon");

            JsonNode problem = assertProblem(post(BATCH, batchOf(updates)), 422, "invalid-location-update");

            List<String> named = new ArrayList<>();
            problem.get("errors").forEach((e) -> named.add(e.get("index").asInt() + ":" + e.get("field").asString()));
            assertThat(named).containsExactlyInAnyOrder("2:lat", "4:receivedAt", "4:lon");
            assertThat(problem.get("detail").asString()).isEqualTo("The batch contains invalid updates; none was published");
            verifyNoInteractions(publisher);
        }

        static Stream<Arguments> invalidBatches() {
            String one = update("r1").toString();
            return Stream.of(arguments(named("no updates field", "{}"), "updates"),
                    arguments(named("updates null", "{\"updates\":null}"), "updates"),
                    arguments(named("updates not an array", "{\"updates\":" + one + "}"), "updates"),
                    arguments(named("empty updates", "{\"updates\":[]}"), "updates"),
                    arguments(named("501 updates", "{\"updates\":[" + String.join(",", java.util.Collections
                        .nCopies(501, one)) + "]}"), "updates"),
                    arguments(named("unknown top-level field", "{\"updates\":[" + one + "],\"dryRun\":true}"),
                            "dryRun"),
                    arguments(named("a single update instead of a batch", one), "riderId"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("invalidBatches")
        void shouldAnswer422WhenTheBatchEnvelopeIsInvalid(String body, String field) {
            JsonNode problem = assertProblem(post(BATCH, body), 422, "invalid-location-update");

            assertThat(errorFields(problem)).contains(field);
        }

        @Test
        void shouldAnswer400WhenTheBatchIsMalformed() {
            assertProblem(post(BATCH, "{\"updates\":[{\"riderId\":\"a\"},"), 400, "malformed-body");
        }

        @Test
        void shouldAnswer413WhenTheBatchExceeds1MiB() {
            ObjectNode big = JSON.createObjectNode();
            big.putArray("updates").add(update(RIDER));

            assertProblem(post(BATCH, padded(big, 1024 * 1024 + 1)), 413, "body-too-large");
            verifyNoInteractions(publisher);
        }

        @Test
        void shouldAnswer415WhenTheContentTypeIsNotJson() {
            assertProblem(post(BATCH, batchOf(List.of(update(RIDER))).getBytes(StandardCharsets.UTF_8),
                    "application/x-www-form-urlencoded"), 415, "unsupported-media-type");
        }
    }

    @Nested
    class Callers {

        @Test
        void shouldTakeTheTokensRiderWhenTheUpdateNamesNone() {
            given(publisher.publish(anyList(), any())).willAnswer((call) -> List.of(new LocationPublisher.Published(
                    call.<List<LocationUpdateEvent>>getArgument(0).getFirst().eventId().toString(), 0, 1)));
            ObjectNode body = update(RIDER);
            body.remove("riderId");

            assertThat(post(SINGLE, body.toString())).hasStatus(202);

            @SuppressWarnings("unchecked")
            ArgumentCaptor<List<LocationUpdateEvent>> events = ArgumentCaptor.forClass(List.class);
            ArgumentCaptor<Caller> caller = ArgumentCaptor.forClass(Caller.class);
            verify(publisher).publish(events.capture(), caller.capture());
            assertThat(events.getValue()).extracting(LocationUpdateEvent::riderId).containsExactly(RIDER);
            assertThat(caller.getValue().deviceId()).isEqualTo(TestIssuer.DEFAULT_DEVICE);
            assertThat(caller.getValue().tokenId()).isNotBlank();
        }

        @Test
        void shouldAnswer403ForbiddenRiderAndPublishNothingWhenAnUpdateNamesAnotherRider() {
            JsonNode problem = assertProblem(post(SINGLE, update("rider-2").toString()), 403, "forbidden-rider");

            assertThat(problem.get("riderId").asString()).isEqualTo("rider-2");
            verifyNoInteractions(publisher);
        }

        @Test
        void shouldAnswer403AndPublishNothingOfABatchWhenAnyItemNamesAnotherRider() {
            List<ObjectNode> updates = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                updates.add(update(RIDER));
            }
            updates.add(update("rider-2"));

            assertProblem(post(BATCH, batchOf(updates)), 403, "forbidden-rider");
            verifyNoInteractions(publisher);
        }

        @Test
        void shouldJudgeTheBodyBeforeTheRider() {
            // a bad update naming another rider learns what is wrong with it first, as with any other 422
            assertProblem(post(SINGLE, update("rider-2").put("lat", 91).toString()), 422, "invalid-location-update");
        }

        @Test
        void shouldAnswer401BeforeLookingAtTheBodyWhenThereIsNoToken() {
            MvcTestResult result = post(SINGLE, "{not json".getBytes(StandardCharsets.UTF_8),
                    MediaType.APPLICATION_JSON_VALUE, null);

            assertProblem(result, 401, "unauthorized");
            assertThat(result.getResponse().getHeader("WWW-Authenticate")).startsWith("Bearer").doesNotContain("error=");
            verifyNoInteractions(publisher);
        }

        @Test
        void shouldAnswer403InsufficientScopeToATokenWithoutLocationWrite() {
            MvcTestResult result = post(SINGLE, update(RIDER).toString().getBytes(StandardCharsets.UTF_8),
                    MediaType.APPLICATION_JSON_VALUE, TestIssuer.bearer(TestIssuer.shared().operatorToken()));

            assertProblem(result, 403, "insufficient-scope");
            assertThat(result.getResponse().getHeader("WWW-Authenticate")).contains("error=\"insufficient_scope\"");
            verifyNoInteractions(publisher);
        }

        @Test
        void shouldAnswerWithTheRidersRateLimitFields() {
            given(publisher.publish(anyList(), any())).willAnswer((call) -> List.of(new LocationPublisher.Published(
                    call.<List<LocationUpdateEvent>>getArgument(0).getFirst().eventId().toString(), 0, 1)));
            String rider = "limits-" + System.nanoTime();
            MvcTestResult result = post(SINGLE, update(rider).toString().getBytes(StandardCharsets.UTF_8),
                    MediaType.APPLICATION_JSON_VALUE, TestIssuer.bearer(IngestHttp.riderToken(rider)));

            assertThat(result).hasStatus(202);
            assertThat(result).headers().hasValue("RateLimit-Policy", "\"ingest\";q=600;w=600");
            assertThat(result.getResponse().getHeader("RateLimit")).startsWith("\"ingest\";r=599;");
        }
    }

    @Test
    void shouldAnswerUnknownPathsWithATypedProblem() {
        assertProblem(mvc.get().uri("/api/v1/nothing-here")
            .header("Authorization", TestIssuer.bearer(TestIssuer.shared().operatorToken()))
            .exchange(), 404, "not-found");
    }

    @Test
    void shouldAnswerAnUnexpectedFailureWithAGeneric500() {
        given(publisher.publish(anyList(), any())).willThrow(new IllegalStateException("internal detail: buffer pool 17"));

        MvcTestResult result = post(SINGLE, update(RIDER).toString());

        JsonNode problem = assertProblem(result, 500, "internal-error");
        assertThat(problem.get("detail").asString()).isEqualTo("The request could not be processed");
        assertThat(result).bodyText().doesNotContain("buffer pool");
    }
}
