package dev.ridehail.trip.config.security;

import dev.ridehail.testing.TestInfrastructureConfiguration;
import dev.ridehail.testing.TestTopics;
import dev.ridehail.trip.TripApplication;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * The real application, started with profile {@code prod} against the real test broker and a fresh database, refuses
 * a configuration that would leave it open: the demo issuer on, or security off.
 */
class ProductionGuardTests {

    static Stream<Arguments> unsafeProductionSettings() {
        return Stream.of(argumentSet("demo issuer enabled", "ridehail.security.demo-issuer.enabled=true",
                "The demo token issuer is enabled (DEMO_ISSUER_ENABLED=true) with the production profile 'prod'"),
                argumentSet("security disabled", "ridehail.security.enabled=false",
                        "Security is disabled (SECURITY_ENABLED=false) with the production profile 'prod'"));
    }

    @ParameterizedTest
    @MethodSource("unsafeProductionSettings")
    void shouldRefuseToStartInProductionWhenTheApiWouldBeOpen(String setting, String message) {
        TestTopics.createRiderUpdates();
        SpringApplicationBuilder application = new SpringApplicationBuilder(TripApplication.class,
                TestInfrastructureConfiguration.class).profiles("prod");

        // As command-line arguments: they outrank application.yml, as the environment variables would.
        Throwable failure = catchThrowable(() -> {
            try (ConfigurableApplicationContext started = application.run("--" + setting, "--server.port=0",
                    "--spring.kafka.listener.auto-startup=false", "--spring.main.banner-mode=off")) {
                started.getId();
            }
        });

        assertThat(failure).as("the application started").isNotNull();
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertThat(root).isInstanceOf(IllegalStateException.class).hasMessageStartingWith(message);
    }
}
