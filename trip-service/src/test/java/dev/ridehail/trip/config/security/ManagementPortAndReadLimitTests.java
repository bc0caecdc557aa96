package dev.ridehail.trip.config.security;

import dev.ridehail.testing.TestIssuer;
import dev.ridehail.trip.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A context of its own: the actuator on a separate management port (where the Prometheus scrape is open) and a small
 * read limit. Its consumer stays stopped: nothing here reads the topic, and the shared context keeps the partitions.
 */
@DirtiesContext
class ManagementPortAndReadLimitTests extends IntegrationTest {

    private static final int BURST = 5;

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void separatePortAndSmallLimit(DynamicPropertyRegistry registry) {
        registry.add("management.server.port", () -> "0");
        registry.add("ridehail.security.rate-limits.reads.burst", () -> BURST);
        registry.add("ridehail.security.rate-limits.reads.per-second", () -> 1);
        registry.add("spring.kafka.listener.auto-startup", () -> "false");
    }

    @Test
    void shouldOpenThePrometheusScrapeOnTheManagementPortOnly() {
        assertThat(management("/actuator/prometheus", null).status()).isEqualTo(200);
        assertThat(management("/actuator/prometheus", null).body()).contains("jvm_memory_used_bytes");
        assertThat(management("/actuator/health", null).status()).isEqualTo(200);
        // the rest of the actuator still needs a fleet reader, there too
        assertThat(management("/actuator/metrics", null).status()).isEqualTo(401);
        assertThat(management("/actuator/metrics", issuer().operatorToken()).status()).isEqualTo(200);
        assertThat(management("/actuator/loggers/dev.ridehail", "{\"configuredLevel\":\"DEBUG\"}",
                issuer().operatorToken()).status()).isEqualTo(403);
    }

    @Test
    void shouldRefuseACallerOverTheReadLimitWith429AndLeaveOtherCallersAlone() {
        String busy = uniqueRider("busy");
        String calm = uniqueRider("calm");
        String busyToken = issuer().riderToken(busy);

        // The bucket refills one token a second, so a slow machine may need a few more calls than the burst.
        Response refused = null;
        for (int call = 0; call < 20 * BURST && refused == null; call++) {
            Response response = get("/api/v1/riders/" + busy + "/track", busyToken);
            if (response.status() == 429) {
                refused = response;
            }
            else {
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.headers().firstValue("RateLimit-Policy")).hasValue("\"reads\";q=5;w=5");
            }
        }

        assertThat(refused).as("a 429 within the calls").isNotNull();
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("type").asString()).isEqualTo("https://ridehail.dev/problems/rate-limited");
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 5L);
        assertThat(refused.headers().firstValue("RateLimit-Policy")).hasValue("\"reads\";q=5;w=5");
        assertThat(refused.headers().firstValue("RateLimit").orElseThrow()).startsWith("\"reads\";r=0;");

        Response other = get("/api/v1/riders/" + calm + "/track", issuer().riderToken(calm));
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.headers().firstValue("RateLimit").orElseThrow()).startsWith("\"reads\";r=4;");
    }

    private Response management(String path, String token) {
        return send(builder(path, token).GET().build());
    }

    private Response management(String path, String json, String token) {
        return send(builder(path, token).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
    }

    private HttpRequest.Builder builder(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + path));
        return token == null ? request : request.header("Authorization", TestIssuer.bearer(token));
    }
}
