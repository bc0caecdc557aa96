package dev.ridehail.ingest;

import dev.ridehail.ingest.support.IngestHttp;
import dev.ridehail.ingest.support.IngestHttp.Answer;
import dev.ridehail.ingest.support.RunningIngest;
import dev.ridehail.ingest.support.TopicReader;
import dev.ridehail.kafkabroker.KafkaBrokerProcess;
import dev.ridehail.testing.LocationUpdateSchema;
import dev.ridehail.topics.TopicAdmin;
import dev.ridehail.topics.TopicShape;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka going away and coming back, with a real broker: the service runs as its own application against a broker
 * process this test starts, stops and restarts on the same ports and data directory (as an operator restarting a
 * broker would), so the shared test broker and cached context are untouched. The shared in-JVM broker cannot be
 * stopped, and an embedded one would come back on a new port with no data.
 */
class KafkaOutageTests {

    @TempDir
    Path tmp;

    static final String TOPIC = "outage-updates";

    static final Duration ACK_TIMEOUT = Duration.ofSeconds(2);

    @Test
    void shouldAnswer503WithRetryAfterWhileKafkaIsDownAndRecoverByItselfWhenItReturns() {
        String rider = "rider-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> accepted = new ArrayList<>();
        try (KafkaBrokerProcess kafka = KafkaBrokerProcess.onFreePorts(tmp.resolve("kafka"), tmp.resolve("kafka.log"));
                RunningIngest ingest = RunningIngest.start(kafka.bootstrapServers(), "--ridehail.topic.name=" + TOPIC,
                        "--ingest.publish.ack-timeout=" + ACK_TIMEOUT.toMillis() + "ms",
                        "--ingest.publish.retry-after=3s", "--ingest.health.timeout=1s")) {
            IngestHttp http = ingest.http();

            // 1. No broker since start-up: bounded 503 with Retry-After, never a hang; health says DOWN.
            assertUnavailable(http.postJson("/api/v1/locations", update(rider)));
            assertUnavailable(http.postJson("/api/v1/locations/batch", "{\"updates\":[" + update(rider) + "]}"));
            Answer health = http.get("/actuator/health");
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().get("components").get("kafka").get("status").asString()).isEqualTo("DOWN");

            // 2. The broker appears: the service creates the topic and accepts without a restart.
            kafka.start();
            accepted.add(awaitAccepted(http, rider));
            assertThat(http.get("/actuator/health").status()).isEqualTo(200);
            // as the topics' one owner it created the dead-letter topic too, with the main topic's shape
            assertSameShape(kafka.bootstrapServers(), TOPIC, TOPIC + ".DLT");

            // 3. The broker stops while the producer is connected: 503 again within the bound.
            kafka.stop();
            assertUnavailable(http.postJson("/api/v1/locations", update(rider)));

            // 4. The broker restarts: writes succeed again, and what was accepted before is still there.
            kafka.start();
            accepted.add(awaitAccepted(http, rider));
            List<String> stored = TopicReader.readAll(kafka.bootstrapServers(), TOPIC, (r) -> rider.equals(r.key()))
                .stream()
                .peek((r) -> assertThat(LocationUpdateSchema.violations(r.value())).isEmpty())
                .map((r) -> IngestHttp.JSON.readTree(r.value()).get("eventId").asString())
                .toList();
            // 503'd records may still be delivered later (the client retries them with the same eventId anyway)
            assertThat(stored).containsAll(accepted);
        }
    }

    private static void assertSameShape(String bootstrapServers, String topic, String deadLetterTopic) {
        TopicShape expected = new TopicShape(topic, 6, (short) 1, Duration.ofDays(7), null);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            TopicAdmin topics = new TopicAdmin(admin, Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(topics.compare(expected).matches()).isTrue();
                assertThat(topics.compare(expected.deadLetter(deadLetterTopic)).matches()).isTrue();
            });
        }
    }

    private static void assertUnavailable(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(503);
        assertThat(answer.isProblem()).isTrue();
        assertThat(answer.retryAfter()).contains("3");
        assertThat(answer.json().get("status").asInt()).isEqualTo(503);
        // the ack timeout for send() plus at most the same again for the acknowledgement, with slack for a busy host;
        // without the bound the request would wait for the producer's 60 s max.block.ms default or longer
        assertThat(answer.elapsed()).isLessThan(ACK_TIMEOUT.multipliedBy(2).plusSeconds(10));
    }

    private static String awaitAccepted(IngestHttp http, String rider) {
        String[] eventId = new String[1];
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Answer answer = http.postJson("/api/v1/locations", update(rider));
            assertThat(answer.status()).as(answer.body()).isEqualTo(202);
            eventId[0] = answer.json().get("eventId").asString();
        });
        return eventId[0];
    }

    private static String update(String rider) {
        return "{\"riderId\":\"" + rider + "\",\"lat\":1.5,\"lon\":2.5,\"recordedAt\":\"" + Instant.now() + "\"}";
    }
}
