package dev.ridehail.rider.security;

import dev.ridehail.rider.RiderApplication;
import dev.ridehail.testing.TestDatabase;
import dev.ridehail.testing.TestKafka;
import dev.ridehail.testing.TestPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The real application refuses to start with profile {@code prod} and a switch that is only for local use. It gets a
 * real broker and database, so nothing but the guard can be what stops it.
 */
class ProductionGuardTests {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ridehail.security.demo-issuer.enabled=true | DEMO_ISSUER_ENABLED=true
            ridehail.security.enabled=false            | SECURITY_ENABLED=false
            """)
    void shouldRefuseToStartInProductionWithALocalOnlySwitch(String setting, String message) {
        try (TestDatabase database = TestPostgres.createDatabase("guard")) {
            SpringApplicationBuilder application = new SpringApplicationBuilder(RiderApplication.class).profiles("prod");

            assertThatThrownBy(() -> application.run("--" + setting, "--server.port=0",
                    "--spring.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                    "--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=" + database.username(),
                    "--spring.datasource.password=" + database.password()).close())
                .rootCause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(message)
                .hasMessageContaining("'prod'");
        }
    }
}
