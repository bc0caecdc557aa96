package dev.ridehail.rider.security;

import dev.ridehail.rider.RiderIntegrationTest;
import dev.ridehail.rider.RiderTestSupport;
import dev.ridehail.rider.RiderTestSupport.Response;
import dev.ridehail.testing.TestIssuer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.TestPropertySource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service as deployed with a separate management port (MANAGEMENT_PORT) and a small read limit
 * (READ_RATE_LIMIT_BURST / READ_RATE_LIMIT_PER_SECOND). Both settings share this one context, one start fewer.
 */
@RiderIntegrationTest
@TestPropertySource(properties = { "management.server.port=0", "ridehail.security.rate-limits.reads.burst=3",
        "ridehail.security.rate-limits.reads.per-second=1" })
class ManagementPortAndReadLimitTests {

    @Autowired
    RiderTestSupport.Api api;

    @LocalManagementPort
    int managementPort;

    @Nested
    class SeparateManagementPort {

        @Test
        void shouldServeThePrometheusScrapeThereWithoutAToken() {
            Response response = api.withoutToken().onPort(managementPort).get("/actuator/prometheus");

            assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
            assertThat(response.raw().body()).contains("rider_positions_updates_consumed_total");
        }

        @Test
        void shouldStillNeedFleetReadForTheOtherActuatorEndpointsThere() {
            RiderTestSupport.Api management = api.onPort(managementPort);

            assertThat(management.withoutToken().get("/actuator/metrics").status()).isEqualTo(401);
            assertThat(management.withToken(TestIssuer.shared().riderToken("mgmt-rider")).get("/actuator/metrics")
                .status()).isEqualTo(403);
            assertThat(management.withToken(TestIssuer.shared().operatorToken()).get("/actuator/metrics").status())
                .isEqualTo(200);
            assertThat(management.withToken(TestIssuer.shared().operatorToken())
                .post("/actuator/loggers/dev.ridehail.walkthrough", "{\"configuredLevel\":\"INFO\"}")
                .status()).isEqualTo(403);
        }

        @Test
        void shouldKeepTheProbesOnTheServicePortAndTheActuatorOffIt() {
            assertThat(api.withoutToken().get("/livez").status()).isEqualTo(200);
            assertThat(api.withoutToken().get("/readyz").status()).isEqualTo(200);
            assertThat(api.withoutToken().onPort(managementPort).get("/actuator/health").status()).isEqualTo(200);
            assertThat(api.withToken(TestIssuer.shared().operatorToken()).get("/actuator/prometheus").status())
                .isEqualTo(404);
        }
    }

    @Nested
    class ReadRateLimit {

        @Test
        void shouldAnswer429ToACallerOverItsReadLimitWhileAnotherCallerIsServed() {
            RiderTestSupport.Api busy = api.withToken(TestIssuer.shared().operatorToken());
            RiderTestSupport.Api calm = api.withToken(TestIssuer.shared().riderToken("calm-reader"));
            List<Response> answers = new ArrayList<>();
            // A bucket of 3 refilled at 1/s: a burst of requests runs dry within a few, however slow the machine.
            for (int i = 0; i < 30 && (answers.isEmpty() || answers.getLast().status() != 429); i++) {
                answers.add(busy.get("/api/v1/riders?size=1"));
            }

            Response refused = answers.getLast();
            assertThat(refused.status()).as("a busy caller is refused within 30 requests").isEqualTo(429);
            assertThat(answers).hasSizeGreaterThanOrEqualTo(4);
            assertThat(answers.getFirst().status()).isEqualTo(200);
            assertThat(answers.getFirst().header("RateLimit-Policy")).isEqualTo("\"reads\";q=3;w=3");
            assertThat(answers.getFirst().header("RateLimit")).startsWith("\"reads\";r=2;");
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.json().path("type").asString()).isEqualTo("https://ridehail.dev/problems/rate-limited");
            assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 3L);
            assertThat(refused.header("RateLimit-Policy")).isEqualTo("\"reads\";q=3;w=3");
            assertThat(refused.header("RateLimit")).startsWith("\"reads\";r=0;");

            Response other = calm.get("/api/v1/riders/calm-reader");
            assertThat(other.status()).isEqualTo(404);
            assertThat(other.header("RateLimit")).startsWith("\"reads\";r=2;");
        }
    }
}
