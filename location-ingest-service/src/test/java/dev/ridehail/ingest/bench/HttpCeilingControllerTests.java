package dev.ridehail.ingest.bench;

import dev.ridehail.ingest.support.IngestHttp;
import dev.ridehail.ingest.support.IngestHttp.Answer;
import dev.ridehail.ingest.support.RunningIngest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's ceiling endpoint does the same HTTP work as a single update and nothing more: same content-type
 * check, same bounded body read, a JSON answer as long as a real one. It needs no broker, so none is running.
 */
class HttpCeilingControllerTests {

    static final String UPDATE = """
            {"riderId":"bench-1","lat":52.5,"lon":13.4,"speedMps":7.5,"headingDeg":90,"accuracyM":4,\
            "recordedAt":"2026-11-25T16:00:00Z"}""";

    static RunningIngest ingest;

    static IngestHttp http;

    @BeforeAll
    static void start() {
        // port 9 (discard) has no broker: the service starts anyway and the ceiling never touches Kafka
        ingest = RunningIngest.start("127.0.0.1:9", "--spring.profiles.active=benchmark",
                "--ridehail.topic.name=ceiling-updates");
        http = ingest.http();
    }

    @AfterAll
    static void stop() {
        ingest.close();
    }

    @Test
    void shouldAnswer202WithAJsonBodyAsLongAsARealAnswer() {
        Answer answer = http.postJson("/bench/noop", UPDATE);
        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.contentType()).hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
        // a real answer: {"eventId":"<uuid>","partition":3,"offset":<up to 7 digits in a benchmark>}
        assertThat(answer.json().propertyNames()).containsExactly("eventId", "partition", "offset");
        assertThat(answer.body().getBytes(StandardCharsets.UTF_8)).hasSizeBetween(75, 85);
    }

    @Test
    void shouldRefuseWhatTheRealEndpointRefusesBeforeParsing() {
        assertThat(http.post("/bench/noop", UPDATE.getBytes(StandardCharsets.UTF_8), "text/plain").status())
            .isEqualTo(415);
        byte[] tooLarge = " ".repeat(64 * 1024 + 1).getBytes(StandardCharsets.UTF_8);
        assertThat(http.post("/bench/noop", tooLarge, "application/json").status()).isEqualTo(413);
        assertThat(http.postChunked("/bench/noop", tooLarge, "application/json").status()).isEqualTo(413);
    }
}
