package dev.ridehail.ingest.location;

import dev.ridehail.ingest.support.IngestHttp;
import dev.ridehail.ingest.support.IngestHttp.Answer;
import dev.ridehail.ingest.support.IngestIntegrationTest;
import dev.ridehail.ingest.support.JwtClaims;
import dev.ridehail.testing.LocationUpdateSchema;
import dev.ridehail.testing.TestIssuer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import static dev.ridehail.ingest.location.LocationControllerTests.BATCH;
import static dev.ridehail.ingest.location.LocationControllerTests.SINGLE;
import static dev.ridehail.ingest.location.LocationControllerTests.batchOf;
import static dev.ridehail.ingest.location.LocationControllerTests.recordsOf;
import static dev.ridehail.ingest.location.LocationControllerTests.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * Who may post whose updates, through real HTTP with real tokens (TestIssuer's JWK set, fetched by the service) and
 * the real broker: every refusal is checked on the topic too, by a consumer reading it to its end.
 */
@IngestIntegrationTest
class LocationSecurityTests {

    static final TestIssuer ISSUER = TestIssuer.shared();

    @LocalServerPort
    int port;

    IngestHttp http;

    String riderId;

    @BeforeEach
    void setUp() {
        http = new IngestHttp(port);
        riderId = "sec-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static void assertProblem(Answer answer, int status, String slug) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.isProblem()).as("problem+json, got %s", answer.contentType()).isTrue();
        assertThat(answer.problemSlug()).isEqualTo(slug);
        assertThat(answer.json().get("status").asInt()).isEqualTo(status);
    }

    @Nested
    class Tokens {

        @Test
        void shouldAnswer401WithABearerChallengeAndPublishNothingWithoutAToken() {
            for (String path : List.of(SINGLE, BATCH)) {
                String body = path.equals(SINGLE) ? update(riderId).toString() : batchOf(List.of(update(riderId)));
                Answer answer = http.withoutToken().postJson(path, body);

                assertProblem(answer, 401, "unauthorized");
                // a challenge without error: nothing was wrong with a token, there was none
                assertThat(answer.header("WWW-Authenticate").orElseThrow()).startsWith("Bearer").doesNotContain("error=");
            }
            assertThat(recordsOf(Set.of(riderId))).isEmpty();
        }

        static Stream<Arguments> badTokens() {
            return Stream.of(argumentSet("expired", (Function<String, String>) ISSUER::expiredRiderToken),
                    argumentSet("not yet valid", (Function<String, String>) ISSUER::notYetValidRiderToken),
                    argumentSet("wrong audience", (Function<String, String>) ISSUER::wrongAudienceRiderToken),
                    argumentSet("wrong issuer", (Function<String, String>) ISSUER::wrongIssuerRiderToken),
                    argumentSet("forged signature", (Function<String, String>) ISSUER::forgedRiderToken),
                    argumentSet("alg none", (Function<String, String>) ISSUER::algNoneRiderToken),
                    argumentSet("malformed", (Function<String, String>) (rider) -> ISSUER.malformedToken()));
        }

        @ParameterizedTest
        @MethodSource("badTokens")
        void shouldAnswer401InvalidTokenAndPublishNothingForABadToken(Function<String, String> token) {
            Answer answer = http.withToken(token.apply(riderId)).postJson(SINGLE, update(riderId).toString());

            assertProblem(answer, 401, "invalid-token");
            assertThat(answer.header("WWW-Authenticate").orElseThrow()).startsWith("Bearer")
                .contains("error=\"invalid_token\"");
            assertThat(recordsOf(Set.of(riderId))).isEmpty();
        }

        @Test
        void shouldAnswer403InsufficientScopeToAnOperatorOrAdminToken() {
            for (String token : List.of(ISSUER.operatorToken(), ISSUER.adminToken())) {
                Answer answer = http.withToken(token).postJson(SINGLE, update(riderId).toString());

                assertProblem(answer, 403, "insufficient-scope");
                assertThat(answer.header("WWW-Authenticate").orElseThrow()).contains("error=\"insufficient_scope\"");
            }
            assertThat(recordsOf(Set.of(riderId))).isEmpty();
        }
    }

    @Nested
    class Riders {

        @Test
        void shouldAnswer403ForbiddenRiderAndPublishNothingWhenASingleUpdateNamesAnotherRider() {
            String other = riderId + "-other";

            Answer answer = http.withToken(IngestHttp.riderToken(riderId)).postJson(SINGLE, update(other).toString());

            assertProblem(answer, 403, "forbidden-rider");
            assertThat(answer.json().get("riderId").asString()).isEqualTo(other);
            assertThat(recordsOf(Set.of(riderId, other))).isEmpty();
        }

        @Test
        void shouldPublishNothingOfABatchWhenAnyItemNamesAnotherRider() {
            String other = riderId + "-other";
            List<ObjectNode> updates = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                updates.add(update(riderId));
            }
            updates.add(25, update(other));

            Answer answer = http.withToken(IngestHttp.riderToken(riderId)).postJson(BATCH, batchOf(updates));

            assertProblem(answer, 403, "forbidden-rider");
            assertThat(recordsOf(Set.of(riderId, other))).isEmpty();
        }

        @Test
        void shouldTakeTheTokensRiderForUpdatesThatNameNone() {
            ObjectNode single = update(riderId);
            single.remove("riderId");
            ObjectNode unnamed = update(riderId);
            unnamed.remove("riderId");

            Answer one = http.withToken(IngestHttp.riderToken(riderId)).postJson(SINGLE, single.toString());
            Answer batch = http.withToken(IngestHttp.riderToken(riderId))
                .postJson(BATCH, batchOf(List.of(unnamed, update(riderId))));

            assertThat(one.status()).as(one.body()).isEqualTo(202);
            assertThat(batch.status()).as(batch.body()).isEqualTo(202);
            List<ConsumerRecord<String, String>> records = recordsOf(Set.of(riderId));
            assertThat(records).hasSize(3).allSatisfy((record) -> {
                assertThat(record.key()).isEqualTo(riderId);
                // the record value still follows the contract: riderId is always there
                assertThat(LocationUpdateSchema.violations(record.value())).isEmpty();
                assertThat(IngestHttp.JSON.readTree(record.value()).get("riderId").asString()).isEqualTo(riderId);
            });
        }

        @Test
        void shouldPutTheTokensDeviceAndIdOnTheRecordAsHeadersOutsideTheValue() {
            String token = ISSUER.riderToken(riderId, "phone-7");

            Answer answer = http.withToken(token).postJson(SINGLE, update(riderId).toString());

            assertThat(answer.status()).as(answer.body()).isEqualTo(202);
            ConsumerRecord<String, String> record = recordsOf(Set.of(riderId)).getFirst();
            assertThat(header(record, "device-id")).isEqualTo("phone-7");
            assertThat(header(record, "token-id")).isEqualTo(JwtClaims.of(token).get("jti").asString());
            assertThat(record.value()).doesNotContain("phone-7", "device", "token");
        }

        @Test
        void shouldLeaveTheDeviceHeaderOutForATokenWithoutADevice() {
            String token = ISSUER.token(riderId, TestIssuer.RIDER_SCOPE, null, java.time.Duration.ofMinutes(5));

            assertThat(http.withToken(token).postJson(SINGLE, update(riderId).toString()).status()).isEqualTo(202);

            ConsumerRecord<String, String> record = recordsOf(Set.of(riderId)).getFirst();
            assertThat(record.headers().toArray()).extracting(Header::key).containsExactly("token-id");
        }

        @Test
        void shouldAnswerWithTheRateLimitFieldsOfTheRidersDevice() {
            Answer answer = http.postJson(BATCH, batchOf(List.of(update(riderId), update(riderId), update(riderId))));

            assertThat(answer.status()).as(answer.body()).isEqualTo(202);
            assertThat(answer.header("RateLimit-Policy")).hasValue("\"ingest\";q=600;w=600");
            // a batch costs its size
            assertThat(answer.header("RateLimit").orElseThrow()).startsWith("\"ingest\";r=597;");
        }
    }

    @Nested
    class Operations {

        @Test
        void shouldOpenHealthAndTheProbesButShowDetailsOnlyToFleetReaders() {
            Answer open = http.withoutToken().get("/actuator/health");
            Answer rider = http.withToken(IngestHttp.riderToken(riderId)).get("/actuator/health");
            Answer operator = http.get("/actuator/health");

            assertThat(open.status()).isEqualTo(200);
            assertThat(open.json().has("components")).isFalse();
            assertThat(rider.json().has("components")).isFalse();
            assertThat(operator.json().get("components").get("kafka").get("status").asString()).isEqualTo("UP");
            assertThat(http.withoutToken().get("/livez").status()).isEqualTo(200);
            assertThat(http.withoutToken().get("/readyz").status()).isEqualTo(200);
        }

        @Test
        void shouldShowMetricsAndThePrometheusScrapeOnTheServicePortOnlyToFleetReaders() {
            for (String path : List.of("/actuator/metrics", "/actuator/prometheus")) {
                assertProblem(http.withoutToken().get(path), 401, "unauthorized");
                assertProblem(http.withToken(IngestHttp.riderToken(riderId)).get(path), 403, "insufficient-scope");
                assertThat(http.get(path).status()).isEqualTo(200);
            }
        }

        @Test
        void shouldLetOnlyAnAdminChangeALogLevel() {
            byte[] level = "{\"configuredLevel\":\"INFO\"}".getBytes(StandardCharsets.UTF_8);
            String path = "/actuator/loggers/dev.ridehail.ingest";

            assertProblem(http.withToken(ISSUER.operatorToken()).post(path, level, "application/json"), 403,
                    "insufficient-scope");
            assertThat(http.withToken(ISSUER.adminToken()).post(path, level, "application/json").status())
                .isEqualTo(204);
        }

        @Test
        void shouldDescribeTheBearerSchemeAndTheScopeOfEachEndpoint() {
            Answer answer = http.withoutToken().get("/v3/api-docs");

            assertThat(answer.status()).isEqualTo(200);
            JsonNode scheme = answer.json().get("components").get("securitySchemes").get("bearer-jwt");
            assertThat(scheme.get("scheme").asString()).isEqualTo("bearer");
            assertThat(scheme.get("bearerFormat").asString()).isEqualTo("JWT");
            for (String path : List.of(SINGLE, BATCH)) {
                JsonNode post = answer.json().get("paths").get(path).get("post");
                assertThat(post.get("security").get(0).get("bearer-jwt").get(0).asString()).isEqualTo("location:write");
                assertThat(post.get("description").asString()).contains("location:write", "forbidden-rider");
                assertThat(post.get("responses").propertyNames()).contains("401", "403", "429");
            }
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header %s", name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
