package dev.ridehail.ingest.security;

import dev.ridehail.ingest.support.IngestHttp;
import dev.ridehail.ingest.support.IngestHttp.Answer;
import dev.ridehail.ingest.support.JwtClaims;
import dev.ridehail.ingest.support.RunningIngest;
import dev.ridehail.ingest.support.TopicReader;
import dev.ridehail.testing.TestIssuer;
import dev.ridehail.testing.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ingest hosting the demo issuer (DEMO_ISSUER_ENABLED=true, as run.sh, compose and the tools start it): a token from
 * its /demo/token is accepted by /api/v1/locations, validated with ingest's own key and no other; with a key file a
 * restarted ingest signs with the same key, so the tokens clients hold stay valid.
 */
class DemoIssuerTests {

    static final String TOPIC = "demo-issuer-updates";

    @TempDir
    Path tmp;

    @Test
    void shouldAcceptItsOwnDemoTokensOnlyAndKeepTheKeyAcrossARestartWithAKeyFile() {
        Path keyFile = tmp.resolve("keys/demo-key.json");
        String rider = "demo-" + UUID.randomUUID().toString().substring(0, 8);
        String token;
        try (RunningIngest ingest = start(keyFile)) {
            token = demoToken(ingest.http(), rider);
            Answer accepted = ingest.http().withToken(token).postJson("/api/v1/locations", update(rider));
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            // the demo issuer's key is the only one trusted: a TestIssuer token is not valid here
            Answer foreign = ingest.http().withToken(TestIssuer.shared().riderToken(rider))
                .postJson("/api/v1/locations", update(rider));
            assertThat(foreign.status()).as(foreign.body()).isEqualTo(401);
        }
        assertThat(keyFile).exists();

        try (RunningIngest restarted = start(keyFile)) {
            Answer again = restarted.http().withToken(token).postJson("/api/v1/locations", update(rider));
            assertThat(again.status()).as(again.body()).isEqualTo(202);
        }

        List<ConsumerRecord<String, String>> records = TopicReader.readAll(TestKafka.bootstrapServers(), TOPIC,
                (r) -> rider.equals(r.key()));
        assertThat(records).hasSize(2).allSatisfy((record) -> {
            assertThat(new String(record.headers().lastHeader("device-id").value(), StandardCharsets.UTF_8))
                .isEqualTo("phone-1");
            assertThat(new String(record.headers().lastHeader("token-id").value(), StandardCharsets.UTF_8))
                .isEqualTo(JwtClaims.of(token).get("jti").asString());
        });
    }

    @Test
    void shouldSignWithAKeyOfItsOwnPerStartWithoutAKeyFile() throws Exception {
        String rider = "demo-" + UUID.randomUUID().toString().substring(0, 8);
        String token;
        try (RunningIngest ingest = start(null)) {
            token = demoToken(ingest.http(), rider);
        }
        try (RunningIngest restarted = start(null)) {
            Answer answer = restarted.http().withToken(token).postJson("/api/v1/locations", update(rider));
            assertThat(answer.status()).as(answer.body()).isEqualTo(401);
        }
        try (var files = Files.list(tmp)) {
            assertThat(files).isEmpty();
        }
    }

    private static RunningIngest start(Path keyFile) {
        return RunningIngest.start(TestKafka.bootstrapServers(), "--ridehail.topic.name=" + TOPIC,
                "--ridehail.security.demo-issuer.enabled=true",
                "--ridehail.security.demo-issuer.key-file=" + (keyFile == null ? "" : keyFile.toString()),
                "--ingest.publish.ack-timeout=30s", "--logging.level.root=WARN");
    }

    private static String demoToken(IngestHttp http, String rider) {
        Answer answer = http.withoutToken().postJson("/demo/token",
                "{\"kind\":\"rider\",\"riderId\":\"" + rider + "\",\"deviceId\":\"phone-1\",\"ttl\":\"PT10M\"}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("token_type").asString()).isEqualTo("Bearer");
        assertThat(answer.json().get("scope").asString()).contains("location:write");
        return answer.json().get("access_token").asString();
    }

    private static String update(String rider) {
        return "{\"riderId\":\"" + rider + "\",\"lat\":1.5,\"lon\":2.5,\"recordedAt\":\"" + Instant.now() + "\"}";
    }
}
