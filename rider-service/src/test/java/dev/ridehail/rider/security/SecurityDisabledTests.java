package dev.ridehail.rider.security;

import dev.ridehail.rider.RiderIntegrationTest;
import dev.ridehail.rider.RiderTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** SECURITY_ENABLED=false, the benchmark's comparison run: every endpoint answers without a token. */
@RiderIntegrationTest
@TestPropertySource(properties = "ridehail.security.enabled=false")
class SecurityDisabledTests {

    @Autowired
    RiderTestSupport.Api api;

    @Test
    void shouldPermitEveryEndpointWithoutAToken() {
        RiderTestSupport.Api anonymous = api.withoutToken();
        String riderId = "open-" + UUID.randomUUID().toString().substring(0, 8);

        assertThat(anonymous.post("/api/v1/riders", """
                {"riderId":"%s","name":"N","vehicleType":"CAR","plate":"%s"}
                """.formatted(riderId, riderId)).status()).isEqualTo(201);
        assertThat(anonymous.put("/api/v1/riders/" + riderId + "/status", "{\"status\":\"AVAILABLE\"}").status())
            .isEqualTo(200);
        assertThat(anonymous.get("/api/v1/riders/" + riderId).status()).isEqualTo(200);
        assertThat(anonymous.get("/api/v1/riders").status()).isEqualTo(200);
        assertThat(anonymous.get("/api/v1/riders/nearby?lat=0&lon=0").status()).isEqualTo(200);
        // no position yet: the service's own 404, not a refusal
        assertThat(anonymous.get("/api/v1/riders/" + riderId + "/location").json().path("type").asString())
            .isEqualTo("https://ridehail.dev/problems/position-not-found");
        assertThat(anonymous.get("/api/v1/consumer/assignments").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/metrics").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/prometheus").status()).isEqualTo(200);
    }
}
