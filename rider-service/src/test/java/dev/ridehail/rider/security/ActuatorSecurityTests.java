package dev.ridehail.rider.security;

import dev.ridehail.rider.RiderIntegrationTest;
import dev.ridehail.rider.RiderTestSupport;
import dev.ridehail.rider.RiderTestSupport.Response;
import dev.ridehail.testing.TestIssuer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/** The actuator and the API documentation on the service port (no separate MANAGEMENT_PORT). */
@RiderIntegrationTest
class ActuatorSecurityTests {

    static final String WALKTHROUGH_LOGGER = "/actuator/loggers/dev.ridehail.walkthrough";

    @Autowired
    RiderTestSupport.Api api;

    @ParameterizedTest
    @ValueSource(strings = { "/actuator/health", "/livez", "/readyz" })
    void shouldAnswerHealthAndProbesWithoutATokenAndWithoutDetails(String path) {
        Response response = api.withoutToken().get(path);

        assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
        assertThat(response.json().path("status").asString()).isEqualTo("UP");
        assertThat(response.json().has("components")).isFalse();
    }

    @Test
    void shouldShowHealthDetailsToAFleetReaderOnly() {
        Response rider = api.withToken(TestIssuer.shared().riderToken("health-rider")).get("/actuator/health");
        Response operator = api.withToken(TestIssuer.shared().operatorToken()).get("/actuator/health");

        assertThat(rider.json().has("components")).isFalse();
        assertThat(operator.json().path("components").path("db").path("status").asString()).isEqualTo("UP");
    }

    static Stream<Arguments> actuatorReads() {
        return Stream.of(argumentSet("metrics", "/actuator/metrics"),
                argumentSet("prometheus on the service port", "/actuator/prometheus"),
                argumentSet("loggers", WALKTHROUGH_LOGGER), argumentSet("info", "/actuator/info"));
    }

    @ParameterizedTest
    @MethodSource("actuatorReads")
    void shouldLetOnlyFleetReadersReadTheActuator(String path) {
        Response nobody = api.withoutToken().get(path);
        Response rider = api.withToken(TestIssuer.shared().riderToken("actuator-rider")).get(path);
        Response operator = api.withToken(TestIssuer.shared().operatorToken()).get(path);

        assertThat(nobody.status()).isEqualTo(401);
        assertThat(nobody.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(rider.status()).isEqualTo(403);
        assertThat(rider.header("WWW-Authenticate")).contains("error=\"insufficient_scope\"");
        assertThat(operator.status()).as(operator.raw().body()).isEqualTo(200);
    }

    @Test
    void shouldLetOnlyAnAdminChangeALogLevel() {
        // INFO is the level it has anyway: the other tests of this shared context see no difference.
        String info = "{\"configuredLevel\":\"INFO\"}";

        Response nobody = api.withoutToken().post(WALKTHROUGH_LOGGER, info);
        Response operator = api.withToken(TestIssuer.shared().operatorToken()).post(WALKTHROUGH_LOGGER, info);
        Response admin = api.withToken(TestIssuer.shared().adminToken()).post(WALKTHROUGH_LOGGER, info);

        assertThat(nobody.status()).isEqualTo(401);
        assertThat(operator.status()).isEqualTo(403);
        assertThat(operator.header("Content-Type")).startsWith("application/problem+json");
        assertThat(admin.status()).isEqualTo(204);
        assertThat(api.get(WALKTHROUGH_LOGGER).json().path("configuredLevel").asString()).isEqualTo("INFO");
        assertThat(api.post(WALKTHROUGH_LOGGER, "{\"configuredLevel\":null}").status()).isEqualTo(204);
    }

    @Test
    void shouldServeTheApiDocumentWithoutATokenDeclaringTheBearerScheme() {
        Response response = api.withoutToken().get("/v3/api-docs");

        assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
        assertThat(response.json().path("components").path("securitySchemes").path("bearer-jwt").path("scheme")
            .asString()).isEqualTo("bearer");
        String nearby = response.json().path("paths").path("/api/v1/riders/nearby").path("get").path("description")
            .asString();
        assertThat(nearby).contains("fleet:read");
        assertThat(response.raw().body()).doesNotContain("\"unrestricted\"");
    }
}
