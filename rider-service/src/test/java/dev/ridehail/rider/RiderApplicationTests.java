package dev.ridehail.rider;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

@RiderIntegrationTest
class RiderApplicationTests {

    @Autowired
    RiderTestSupport.Api api;

    @Test
    void shouldReportHealthUpAgainstRealInfrastructure() {
        RiderTestSupport.Response response = api.get("/actuator/health");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("status").asString()).isEqualTo("UP");
    }

    @Test
    void shouldApplyEveryFlywayMigrationIncludingTheSharedOffsetsTable(@Autowired JdbcClient jdbc) {
        Integer failed = jdbc.sql("SELECT count(*) FROM flyway_schema_history WHERE NOT success").query(Integer.class).single();
        var versions = jdbc.sql("SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL ORDER BY installed_rank")
            .query(String.class)
            .list();
        assertThat(failed).isZero();
        assertThat(versions).containsExactly("0.1", "0.2", "1", "2");
    }

    @Test
    void shouldSwitchTheWalkthroughLoggerAtRunTime() {
        assertThat(api.get("/actuator/loggers/dev.ridehail.walkthrough").json().path("effectiveLevel").asString())
            .isEqualTo("INFO");
    }
}
