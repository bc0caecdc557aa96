package dev.ridehail.ingest.location;

import dev.ridehail.ingest.support.IngestHttp;
import dev.ridehail.ingest.support.IngestIntegrationTest;
import dev.ridehail.ingest.support.IngestHttp.Answer;
import dev.ridehail.ingest.support.TopicReader;
import dev.ridehail.testing.LocationUpdateSchema;
import dev.ridehail.testing.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

@IngestIntegrationTest
class LocationControllerTests {

    static final String TOPIC = "rider-updates";

    static final String SINGLE = "/api/v1/locations";

    static final String BATCH = "/api/v1/locations/batch";

    @LocalServerPort
    int port;

    IngestHttp http;

    String riderId;

    @BeforeEach
    void setUp() {
        http = new IngestHttp(port);
        riderId = "rider-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static ObjectNode update(String riderId) {
        ObjectNode node = IngestHttp.JSON.createObjectNode();
        node.put("riderId", riderId);
        node.put("lat", 52.52);
        node.put("lon", 13.405);
        node.put("recordedAt", Instant.now().minusSeconds(2).truncatedTo(ChronoUnit.MILLIS).toString());
        return node;
    }

    static String batchOf(List<ObjectNode> updates) {
        ObjectNode root = IngestHttp.JSON.createObjectNode();
        root.putArray("updates").addAll(updates);
        return root.toString();
    }

    static List<ConsumerRecord<String, String>> recordsOf(Set<String> riders) {
        return TopicReader.readAll(TestKafka.bootstrapServers(), TOPIC, (record) -> riders.contains(record.key()));
    }

    static void assertProblem(Answer answer, int status) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.isProblem()).as("problem+json content type, got %s", answer.contentType()).isTrue();
        JsonNode body = answer.json();
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("title").asString()).isNotBlank();
        assertThat(answer.body()).doesNotContain("Exception", "java.", "tools.jackson", "at dev.ridehail");
    }

    static List<String> errorFields(Answer answer) {
        List<String> fields = new ArrayList<>();
        answer.json().get("errors").forEach((error) -> fields.add(error.path("field").asString(null)));
        return fields;
    }

    @Nested
    class SingleUpdate {

        @Test
        void shouldAnswer202WithTheRecordPositionOnlyOnceKafkaHasTheRecord() {
            UUID eventId = UUID.randomUUID();
            UUID tripId = UUID.randomUUID();
            ObjectNode body = update(riderId).put("eventId", eventId.toString())
                .put("tripId", tripId.toString())
                .put("speedMps", 8.5)
                .put("headingDeg", 359.9)
                .put("accuracyM", 4.0);

            Answer answer = http.postJson(SINGLE, body.toString());

            assertThat(answer.status()).as(answer.body()).isEqualTo(202);
            JsonNode accepted = answer.json();
            assertThat(accepted.get("eventId").asString()).isEqualTo(eventId.toString());
            List<ConsumerRecord<String, String>> records = recordsOf(Set.of(riderId));
            assertThat(records).hasSize(1);
            ConsumerRecord<String, String> record = records.getFirst();
            assertThat(record.partition()).isEqualTo(accepted.get("partition").asInt());
            assertThat(record.offset()).isEqualTo(accepted.get("offset").asLong());
            assertThat(record.key()).isEqualTo(riderId);
            // where it came from, outside the value; no type headers
            assertThat(record.headers().toArray()).extracting((header) -> header.key())
                .containsExactly("device-id", "token-id");
            assertThat(LocationUpdateSchema.violations(record.value())).isEmpty();
            JsonNode value = IngestHttp.JSON.readTree(record.value());
            assertThat(value.get("schemaVersion").asInt()).isEqualTo(1);
            assertThat(value.get("eventId").asString()).isEqualTo(eventId.toString());
            assertThat(value.get("tripId").asString()).isEqualTo(tripId.toString());
            assertThat(value.get("headingDeg").asDouble()).isEqualTo(359.9);
            assertThat(value.get("recordedAt").asString()).isEqualTo(body.get("recordedAt").asString());
            assertThat(Instant.parse(value.get("receivedAt").asString()))
                .isBetween(Instant.now().minusSeconds(30), Instant.now());
        }

        @Test
        void shouldAssignAnEventIdWhenTheClientSendsNone() {
            Answer answer = http.postJson(SINGLE, update(riderId).toString());

            assertThat(answer.status()).as(answer.body()).isEqualTo(202);
            String eventId = answer.json().get("eventId").asString();
            assertThat(UUID.fromString(eventId)).isNotNull();
            ConsumerRecord<String, String> record = recordsOf(Set.of(riderId)).getFirst();
            assertThat(IngestHttp.JSON.readTree(record.value()).get("eventId").asString()).isEqualTo(eventId);
            assertThat(LocationUpdateSchema.violations(record.value())).isEmpty();
        }

        @Test
        void shouldKeepEveryAcceptedUpdateWhenManyArriveConcurrently() throws Exception {
            Set<String> riders = new HashSet<>();
            List<Future<Answer>> answers = new ArrayList<>();
            try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 100; i++) {
                    String rider = riderId + "-" + (i % 20);
                    riders.add(rider);
                    answers.add(executor.submit(() -> http.postJson(SINGLE, update(rider).toString())));
                }
            }
            Set<String> accepted = new HashSet<>();
            for (Future<Answer> answer : answers) {
                assertThat(answer.get().status()).isEqualTo(202);
                accepted.add(answer.get().json().get("eventId").asString());
            }

            List<ConsumerRecord<String, String>> records = recordsOf(riders);

            assertThat(records).hasSize(100);
            assertThat(records.stream().map((r) -> IngestHttp.JSON.readTree(r.value()).get("eventId").asString()))
                .containsExactlyInAnyOrderElementsOf(accepted);
            assertThat(records).allSatisfy((r) -> assertThat(LocationUpdateSchema.violations(r.value())).isEmpty());
        }

        @Test
        void shouldNameEveryBadFieldAtOnceWhenSeveralAreInvalid() {
            ObjectNode body = update(riderId).put("lat", 100).put("lon", "east").put("receivedAt", "now");
            body.put("eventId", "not-a-uuid");

            Answer answer = http.postJson(SINGLE, body.toString());

            assertProblem(answer, 422);
            assertThat(errorFields(answer)).containsExactlyInAnyOrder("eventId", "lat", "lon", "receivedAt");
            assertThat(recordsOf(Set.of(riderId))).isEmpty();
        }

        @Test
        void shouldAnswer413WhenAChunkedBodyExceeds64KiB() {
            byte[] body = padded(update(riderId), 64 * 1024 + 1).getBytes(StandardCharsets.UTF_8);

            assertProblem(http.postChunked(SINGLE, body, "application/json"), 413);
        }

        @Test
        void shouldAcceptAChunkedBodyWithinTheLimit() {
            byte[] body = update(riderId).toString().getBytes(StandardCharsets.UTF_8);

            assertThat(http.postChunked(SINGLE, body, "application/json").status()).isEqualTo(202);
        }

        @Test
        void shouldAnswer415WhenTheContentTypeIsNotJson() {
            byte[] body = update(riderId).toString().getBytes(StandardCharsets.UTF_8);

            assertProblem(http.post(SINGLE, body, "text/plain"), 415);
            assertProblem(http.post(SINGLE, body, null), 415);
            assertThat(recordsOf(Set.of(riderId))).isEmpty();
        }
    }

    @Nested
    class Batch {

        @Test
        void shouldAnswer202WithEveryEventIdAndPublishExactlyThoseWhenAllUpdatesAreValid() {
            List<ObjectNode> updates = new ArrayList<>();
            Set<String> riders = Set.of(riderId);
            UUID clientEventId = UUID.randomUUID();
            // one rider's batch: a token writes only for its own rider (a batch naming another is 403)
            for (int i = 0; i < 120; i++) {
                updates.add(update(riderId).put("speedMps", i % 50));
            }
            updates.getFirst().put("eventId", clientEventId.toString());

            Answer answer = http.postJson(BATCH, batchOf(updates));

            assertThat(answer.status()).as(answer.body()).isEqualTo(202);
            JsonNode accepted = answer.json();
            assertThat(accepted.get("count").asInt()).isEqualTo(120);
            List<String> eventIds = new ArrayList<>();
            accepted.get("eventIds").forEach((id) -> eventIds.add(id.asString()));
            assertThat(eventIds).hasSize(120).doesNotHaveDuplicates().startsWith(clientEventId.toString());
            List<ConsumerRecord<String, String>> records = recordsOf(riders);
            assertThat(records.stream().map((r) -> IngestHttp.JSON.readTree(r.value()).get("eventId").asString()))
                .containsExactlyInAnyOrderElementsOf(eventIds);
            assertThat(records).allSatisfy((r) -> {
                assertThat(LocationUpdateSchema.violations(r.value())).isEmpty();
                assertThat(IngestHttp.JSON.readTree(r.value()).get("riderId").asString()).isEqualTo(r.key());
            });
        }

        @Test
        void shouldAnswer422NamingEachBadItemByIndexAndPublishNothingWhenAnyUpdateIsInvalid() {
            List<ObjectNode> updates = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                updates.add(update(riderId));
            }
            updates.get(2).put("lat", 123);
            updates.get(4).put("receivedAt", Instant.now().toString()).remove("lon");

            Answer answer = http.postJson(BATCH, batchOf(updates));

            assertProblem(answer, 422);
            List<String> named = new ArrayList<>();
            answer.json().get("errors").forEach((e) -> named.add(e.get("index").asInt() + ":" + e.get("field").asString()));
            assertThat(named).containsExactlyInAnyOrder("2:lat", "4:receivedAt", "4:lon");
            assertThat(recordsOf(Set.of(riderId))).isEmpty();
        }

        @Test
        void shouldAcceptExactlyTheConfiguredMaximumOf500Updates() {
            List<ObjectNode> updates = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                updates.add(update(riderId));
            }

            Answer answer = http.postJson(BATCH, batchOf(updates));

            assertThat(answer.status()).as(answer.body()).isEqualTo(202);
            assertThat(answer.json().get("count").asInt()).isEqualTo(500);
        }

        @Test
        void shouldAnswer413WhenTheBatchExceeds1MiBAlsoWhenChunked() {
            ObjectNode big = IngestHttp.JSON.createObjectNode();
            big.putArray("updates").add(update(riderId));
            String body = padded(big, 1024 * 1024 + 1);

            assertProblem(http.postJson(BATCH, body), 413);
            assertProblem(http.postChunked(BATCH, body.getBytes(StandardCharsets.UTF_8), "application/json"), 413);
            assertThat(recordsOf(Set.of(riderId))).isEmpty();
        }
    }

    @Nested
    class Operations {

        @Test
        void shouldReportKafkaAndTheTopicInHealth() {
            Answer answer = http.get("/actuator/health");

            assertThat(answer.status()).isEqualTo(200);
            JsonNode kafka = answer.json().get("components").get("kafka");
            assertThat(kafka.get("status").asString()).isEqualTo("UP");
            assertThat(kafka.get("details").get("topic").asString()).isEqualTo(TOPIC);
            assertThat(kafka.get("details").get("partitions").asInt()).isEqualTo(6);
        }

        @Test
        void shouldCreateTheTopicWithTheConfiguredPartitionsAndRetention() throws Exception {
            try (var admin = org.apache.kafka.clients.admin.Admin
                .create(java.util.Map.of("bootstrap.servers", TestKafka.bootstrapServers()))) {
                var description = admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC);
                var resource = new org.apache.kafka.common.config.ConfigResource(
                        org.apache.kafka.common.config.ConfigResource.Type.TOPIC, TOPIC);
                var config = admin.describeConfigs(List.of(resource)).all().get().get(resource);

                assertThat(description.partitions()).hasSize(6);
                assertThat(config.get("retention.ms").value()).isEqualTo(Long.toString(7L * 24 * 3600 * 1000));
            }
        }

        @Test
        void shouldExposeAcceptedRejectedAndLatencyMetricsForPrometheus() {
            http.postJson(SINGLE, update(riderId).toString());
            http.postJson(SINGLE, "{\"riderId\":1}");
            http.post(SINGLE, new byte[] { 1 }, "text/plain");

            Answer answer = http.get("/actuator/prometheus");

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).contains("ingest_updates_accepted_total{endpoint=\"single\"",
                    "ingest_requests_rejected_total{reason=\"invalid\"",
                    "ingest_requests_rejected_total{reason=\"unsupported_media_type\"",
                    "ingest_publish_latency_seconds_bucket{endpoint=\"single\"");
        }

        @Test
        void shouldDescribeTheApiWithExamplesAndTheRetryContract() {
            Answer answer = http.get("/v3/api-docs");

            assertThat(answer.status()).isEqualTo(200);
            JsonNode paths = answer.json().get("paths");
            JsonNode single = paths.get(SINGLE).get("post");
            JsonNode batch = paths.get(BATCH).get("post");
            assertThat(single.get("requestBody").get("content").get("application/json").get("examples")).isNotEmpty();
            assertThat(batch.get("requestBody").get("content").get("application/json").get("examples")).isNotEmpty();
            assertThat(single.get("responses").propertyNames()).contains("202", "400", "413", "415", "422", "503");
            assertThat(single.get("description").asString()).contains("same eventId");
            assertThat(answer.body()).contains("Retry-After");
        }

        @Test
        void shouldNotExposeTheBenchmarkEndpointOutsideTheBenchmarkProfile() {
            assertProblem(http.post("/bench/noop", "{}".getBytes(StandardCharsets.UTF_8), "application/json"), 404);
        }
    }

    /** Changes a valid update into an invalid one. */
    @FunctionalInterface
    interface Mutation {

        void apply(ObjectNode update);
    }

    static String padded(ObjectNode body, int atLeastBytes) {
        // Unknown fields are a 422, but the size check must come first: the body is never parsed.
        ObjectNode copy = body.deepCopy();
        copy.put("padding", "x".repeat(atLeastBytes));
        return copy.toString();
    }
}
