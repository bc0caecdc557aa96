package dev.ridehail.trip.config.security;

import dev.ridehail.trip.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actuator and the documentation on the service port: probes and health open (details only for fleet:read),
 * metrics and the Prometheus scrape for fleet:read, actuator writes for admin; the OpenAPI document open, with the
 * bearer scheme and without the token-derived Caller as a parameter. On a separate management port:
 * {@link ManagementPortAndReadLimitTests}.
 */
class ActuatorSecurityTests extends IntegrationTest {

    @ParameterizedTest
    @ValueSource(strings = { "/livez", "/readyz", "/actuator/health", "/actuator/health/liveness" })
    void shouldOpenProbesAndHealthWithoutAToken(String path) {
        Response response = get(path, null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void shouldShowHealthDetailsOnlyToAFleetReader() {
        assertThat(get("/actuator/health", null).json().has("components")).isFalse();
        assertThat(get("/actuator/health", issuer().riderToken(uniqueRider("health"))).json().has("components"))
            .isFalse();

        JsonNode detailed = get("/actuator/health", issuer().operatorToken()).json();
        assertThat(detailed.get("components").has("db")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "/actuator/metrics", "/actuator/prometheus", "/actuator/loggers", "/actuator/info" })
    void shouldLetOnlyAFleetReaderReadTheActuator(String path) {
        assertThat(get(path, null).status()).isEqualTo(401);
        Response rider = get(path, issuer().riderToken(uniqueRider("metrics")));
        assertThat(rider.status()).isEqualTo(403);
        assertThat(rider.json().get("type").asString()).isEqualTo("https://ridehail.dev/problems/insufficient-scope");

        assertThat(get(path, issuer().operatorToken()).status()).isEqualTo(200);
    }

    @Test
    void shouldLetOnlyAnAdminChangeALogLevel() {
        String logger = "/actuator/loggers/dev.ridehail.trip.config.security";
        Map<String, String> debug = Map.of("configuredLevel", "DEBUG");

        assertThat(post(logger, debug, null).status()).isEqualTo(401);
        assertThat(post(logger, debug, issuer().operatorToken()).status()).isEqualTo(403);
        assertThat(get(logger, issuer().operatorToken()).json().path("configuredLevel").isString())
            .as("no level configured").isFalse();

        try {
            assertThat(post(logger, debug, issuer().adminToken()).status()).isEqualTo(204);
            assertThat(get(logger).json().get("configuredLevel").asString()).isEqualTo("DEBUG");
        }
        finally {
            post(logger, Map.of(), issuer().adminToken());
        }
    }

    @Test
    void shouldServeTheOpenApiDocumentWithTheBearerSchemeToAnyone() {
        Response response = get("/v3/api-docs", null);

        assertThat(response.status()).isEqualTo(200);
        JsonNode scheme = response.json().get("components").get("securitySchemes").get(TripSecurityConfiguration.BEARER);
        assertThat(scheme.get("scheme").asString()).isEqualTo("bearer");
        assertThat(scheme.get("bearerFormat").asString()).isEqualTo("JWT");
        JsonNode create = response.json().get("paths").get("/api/v1/trips").get("post");
        assertThat(create.get("security").toString()).contains(TripSecurityConfiguration.BEARER);
        assertThat(create.get("description").asString()).contains("trip:write", "forbidden-rider");
        // the Caller is the token's, never a request parameter
        assertThat(response.body()).doesNotContain("\"caller\"", "tokenId", "unrestricted");
        assertThat(get("/swagger-ui/index.html", null).status()).isEqualTo(200);
    }
}
