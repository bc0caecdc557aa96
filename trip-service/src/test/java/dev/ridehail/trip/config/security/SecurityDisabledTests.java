package dev.ridehail.trip.config.security;

import dev.ridehail.trip.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code SECURITY_ENABLED=false}, the benchmark's comparison run: every endpoint answers without a token, and the
 * object rules fall away (the caller is unrestricted). A context of its own with its consumer stopped.
 */
@DirtiesContext
class SecurityDisabledTests extends IntegrationTest {

    @DynamicPropertySource
    static void securityOff(DynamicPropertyRegistry registry) {
        registry.add("ridehail.security.enabled", () -> "false");
        registry.add("spring.kafka.listener.auto-startup", () -> "false");
    }

    @Test
    void shouldPermitEveryEndpointWithoutAToken() {
        String rider = uniqueRider("open");
        UUID id = UUID.randomUUID();

        Response created = post("/api/v1/trips", Map.of("tripId", id.toString(), "riderId", rider, "pickup",
                Map.of("lat", 1, "lon", 1), "dropoff", Map.of("lat", 1, "lon", 2)), null);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(post("/api/v1/trips/" + id + "/start", null, null).status()).isEqualTo(200);
        assertThat(get("/api/v1/trips/" + id, null).status()).isEqualTo(200);
        assertThat(get("/api/v1/trips/" + id + "/route", null).status()).isEqualTo(200);
        assertThat(get("/api/v1/trips", null).status()).isEqualTo(200);
        assertThat(get("/api/v1/riders/" + rider + "/track", null).status()).isEqualTo(200);
        assertThat(get("/api/v1/consumer/assignments", null).status()).isEqualTo(200);
        assertThat(get("/actuator/metrics", null).status()).isEqualTo(200);
        assertThat(post("/actuator/loggers/dev.ridehail.trip.config.security", Map.of(), null).status())
            .isEqualTo(204);
    }

    @Test
    void shouldStillRequireTheRiderOfANewTripWhenNoTokenNamesOne() {
        Response response = post("/api/v1/trips", Map.of("pickup", Map.of("lat", 1, "lon", 1), "dropoff",
                Map.of("lat", 1, "lon", 2)), null);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("riderId");
    }
}
