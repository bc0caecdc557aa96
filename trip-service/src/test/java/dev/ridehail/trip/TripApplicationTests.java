package dev.ridehail.trip;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TripApplicationTests extends IntegrationTest {

    @Test
    void shouldReportHealthUpAgainstRealInfrastructure() {
        Response response = get("/actuator/health");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void shouldApplyEveryFlywayMigration() {
        Integer failed = jdbc.sql("SELECT count(*) FROM flyway_schema_history WHERE NOT success").query(Integer.class).single();
        Integer applied = jdbc.sql("SELECT count(*) FROM flyway_schema_history WHERE success").query(Integer.class).single();
        assertThat(failed).isZero();
        // the library's offsets table plus this service's two migrations
        assertThat(applied).isGreaterThanOrEqualTo(3);
    }

    @Test
    void shouldServeTheOpenApiDocument() {
        Response response = get("/v3/api-docs");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("paths").propertyNames()).contains("/api/v1/trips", "/api/v1/trips/{id}/route",
                "/api/v1/riders/{riderId}/track", "/api/v1/consumer/assignments");
    }
}
