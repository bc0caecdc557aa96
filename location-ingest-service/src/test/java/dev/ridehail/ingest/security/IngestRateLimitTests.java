package dev.ridehail.ingest.security;

import dev.ridehail.ingest.support.IngestHttp;
import dev.ridehail.ingest.support.IngestHttp.Answer;
import dev.ridehail.ingest.support.RunningIngest;
import dev.ridehail.ingest.support.TopicReader;
import dev.ridehail.testing.TestIssuer;
import dev.ridehail.testing.TestKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Collections;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ingest limit per rider and device, with a small bucket (5 updates, refilled 1 a second): a rider over it gets
 * 429 with the retry and rate-limit fields and nothing of the refused request is published, while its other device
 * and other riders go on. Its own service and topic, so the shared context keeps the real limits.
 */
class IngestRateLimitTests {

    static final String TOPIC = "rate-limited-updates";

    static RunningIngest ingest;

    static IngestHttp http;

    @BeforeAll
    static void start() {
        ingest = RunningIngest.start(TestKafka.bootstrapServers(), "--ridehail.topic.name=" + TOPIC,
                "--ridehail.security.rate-limits.ingest.burst=5",
                "--ridehail.security.rate-limits.ingest.per-second=1", "--ingest.publish.ack-timeout=30s",
                "--logging.level.root=WARN");
        http = ingest.http();
    }

    @AfterAll
    static void stop() {
        ingest.close();
    }

    @Test
    void shouldAnswer429WithRetryAfterToARiderOverItsLimitAndLeaveOtherDevicesAndRidersAlone() {
        String busy = "busy-" + UUID.randomUUID().toString().substring(0, 8);
        String calm = "calm-" + UUID.randomUUID().toString().substring(0, 8);
        IngestHttp phone = http.withToken(TestIssuer.shared().riderToken(busy, "phone"));

        Answer first = phone.postJson("/api/v1/locations/batch", batch(busy, 5));
        Answer refused = phone.postJson("/api/v1/locations", update(busy));
        Answer refusedBatch = phone.postJson("/api/v1/locations/batch", batch(busy, 3));

        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(first.header("RateLimit")).hasValueSatisfying((value) -> assertThat(value).startsWith("\"ingest\";r=0;"));
        for (Answer answer : new Answer[] { refused, refusedBatch }) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(429);
            assertThat(answer.isProblem()).isTrue();
            assertThat(answer.problemSlug()).isEqualTo("rate-limited");
            assertThat(Long.parseLong(answer.retryAfter().orElseThrow())).isBetween(1L, 5L);
            assertThat(answer.header("RateLimit-Policy")).hasValue("\"ingest\";q=5;w=5");
            assertThat(answer.header("RateLimit").orElseThrow()).startsWith("\"ingest\";r=");
        }
        // the same rider's other device has a bucket of its own, and so has every other rider
        Answer tablet = http.withToken(TestIssuer.shared().riderToken(busy, "tablet"))
            .postJson("/api/v1/locations", update(busy));
        Answer other = http.withToken(TestIssuer.shared().riderToken(calm, "phone"))
            .postJson("/api/v1/locations/batch", batch(calm, 5));
        assertThat(tablet.status()).as(tablet.body()).isEqualTo(202);
        assertThat(other.status()).as(other.body()).isEqualTo(202);

        // the refused updates never reached the topic: 5 + the tablet's 1
        assertThat(TopicReader.readAll(TestKafka.bootstrapServers(), TOPIC, (r) -> busy.equals(r.key()))).hasSize(6);
    }

    @Test
    void shouldRefuseABatchLargerThanTheWholeBucketWhateverItHolds() {
        String rider = "big-" + UUID.randomUUID().toString().substring(0, 8);

        Answer answer = http.postJson("/api/v1/locations/batch", batch(rider, 6));

        assertThat(answer.status()).as(answer.body()).isEqualTo(429);
        assertThat(TopicReader.readAll(TestKafka.bootstrapServers(), TOPIC, (r) -> rider.equals(r.key()))).isEmpty();
    }

    private static String update(String rider) {
        return "{\"riderId\":\"" + rider + "\",\"lat\":1.5,\"lon\":2.5,\"recordedAt\":\"" + Instant.now() + "\"}";
    }

    private static String batch(String rider, int size) {
        return "{\"updates\":[" + String.join(",", Collections.nCopies(size, update(rider))) + "]}";
    }
}
