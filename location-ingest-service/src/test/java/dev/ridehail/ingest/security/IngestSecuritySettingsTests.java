package dev.ridehail.ingest.security;

import dev.ridehail.ingest.support.IngestHttp;
import dev.ridehail.ingest.support.IngestHttp.Answer;
import dev.ridehail.ingest.support.RunningIngest;
import dev.ridehail.ingest.support.TopicReader;
import dev.ridehail.testing.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The security settings a deployment chooses, each in a service started for it: the production guard, the refusal to
 * start without an issuer, security switched off (the benchmark's comparison) and the Prometheus scrape on a
 * management port of its own.
 */
class IngestSecuritySettingsTests {

    /** Nothing listens on the discard port: these services never need a broker to show what they show. */
    static final String NO_BROKER = "127.0.0.1:9";

    @Test
    void shouldRefuseToStartWithProfileProdAndTheDemoIssuer() {
        assertThatThrownBy(() -> RunningIngest.start(NO_BROKER, "--spring.profiles.active=prod",
                "--ridehail.security.demo-issuer.enabled=true").close())
            .rootCause()
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("DEMO_ISSUER_ENABLED=true")
            .hasMessageContaining("'prod'");
    }

    @Test
    void shouldRefuseToStartWithProfileProdAndSecurityDisabled() {
        assertThatThrownBy(() -> RunningIngest.start(NO_BROKER, "--spring.profiles.active=prod",
                "--ridehail.security.enabled=false").close())
            .rootCause()
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("SECURITY_ENABLED=false")
            .hasMessageContaining("'prod'");
    }

    @Test
    void shouldRefuseToStartWhenNoIssuerIsConfigured() {
        // application.yml's defaults: no demo issuer, no OIDC issuer, no JWK set: it trusts nobody, so it does not run
        assertThatThrownBy(() -> RunningIngest.start(NO_BROKER, "--ridehail.security.jwt.jwk-set-uri=",
                "--ridehail.security.jwt.issuer-uri=", "--ridehail.security.demo-issuer.enabled=false").close())
            .rootCause()
            .hasMessageContaining("No token issuer is configured")
            .hasMessageContaining("DEMO_ISSUER_ENABLED=true");
    }

    @Test
    void shouldPermitEverythingWithSecurityDisabledButStillRequireARiderInEachUpdate() {
        String topic = "open-updates";
        String rider = "open-" + UUID.randomUUID().toString().substring(0, 8);
        try (RunningIngest ingest = RunningIngest.start(TestKafka.bootstrapServers(), "--ridehail.topic.name=" + topic,
                "--ridehail.security.enabled=false", "--ingest.publish.ack-timeout=30s", "--logging.level.root=WARN")) {
            IngestHttp anonymous = ingest.http().withoutToken();

            Answer single = anonymous.postJson("/api/v1/locations", update(rider));
            Answer mixed = anonymous.postJson("/api/v1/locations/batch",
                    "{\"updates\":[" + update(rider) + "," + update(rider + "-2") + "]}");
            Answer unnamed = anonymous.postJson("/api/v1/locations",
                    "{\"lat\":1.5,\"lon\":2.5,\"recordedAt\":\"" + Instant.now() + "\"}");

            assertThat(single.status()).as(single.body()).isEqualTo(202);
            assertThat(mixed.status()).as(mixed.body()).isEqualTo(202);
            // no token to take a rider from: the update is refused as it was before issue 14
            assertThat(unnamed.status()).as(unnamed.body()).isEqualTo(422);
            assertThat(unnamed.json().get("errors").get(0).get("field").asString()).isEqualTo("riderId");
            List<ConsumerRecord<String, String>> records = TopicReader.readAll(TestKafka.bootstrapServers(), topic,
                    (r) -> r.key().startsWith(rider));
            assertThat(records).hasSize(3)
                .allSatisfy((record) -> assertThat(record.headers().toArray()).as("no token, no headers").isEmpty());
        }
    }

    @Test
    void shouldOpenThePrometheusScrapeOnlyOnASeparateManagementPort() {
        try (RunningIngest ingest = RunningIngest.start(NO_BROKER, "--management.server.port=0",
                "--logging.level.root=WARN")) {
            int managementPort = Integer.parseInt(ingest.context().getEnvironment()
                .getRequiredProperty("local.management.port"));
            IngestHttp management = new IngestHttp(managementPort).withoutToken();

            assertThat(management.get("/actuator/prometheus").status()).isEqualTo(200);
            assertThat(management.get("/actuator/metrics").status()).isEqualTo(401);
            assertThat(ingest.http().withoutToken().get("/livez").status()).isEqualTo(200);
        }
    }

    private static String update(String rider) {
        return "{\"riderId\":\"" + rider + "\",\"lat\":1.5,\"lon\":2.5,\"recordedAt\":\"" + Instant.now() + "\"}";
    }
}
