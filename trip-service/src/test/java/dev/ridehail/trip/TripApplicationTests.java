package dev.ridehail.trip;

import dev.ridehail.testing.TestInfrastructureConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestInfrastructureConfiguration.class)
class TripApplicationTests {

    @LocalServerPort
    int port;

    @Test
    void shouldReportHealthUpAgainstRealInfrastructure() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        // the overall status is the last field of the health document
        assertThat(response.body()).endsWith("\"status\":\"UP\"}");
    }

    @Test
    void shouldApplyEveryFlywayMigration(@Autowired JdbcClient jdbc) {
        Integer failed = jdbc.sql("SELECT count(*) FROM flyway_schema_history WHERE NOT success").query(Integer.class).single();
        Integer applied = jdbc.sql("SELECT count(*) FROM flyway_schema_history WHERE success").query(Integer.class).single();
        assertThat(failed).isZero();
        assertThat(applied).isPositive();
    }
}
