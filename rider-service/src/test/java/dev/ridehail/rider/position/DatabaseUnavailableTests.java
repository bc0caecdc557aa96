package dev.ridehail.rider.position;

import dev.ridehail.rider.RiderIntegrationTest;
import dev.ridehail.rider.RiderTestSupport;
import dev.ridehail.rider.RiderTestSupport.Response;
import dev.ridehail.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@RiderIntegrationTest
class DatabaseUnavailableTests {

    @Autowired
    RiderTestSupport.Api api;

    @Autowired
    TestDatabase database;

    @Test
    void shouldAnswer503WithRetryAfterWithinStatementTimeoutWhenPositionsAreLocked() throws Exception {
        try (Connection locker = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password()); Statement statement = locker.createStatement()) {
            locker.setAutoCommit(false);
            statement.execute("LOCK TABLE rider_positions IN ACCESS EXCLUSIVE MODE");

            long started = System.nanoTime();
            Response response = api.get("/api/v1/riders/locked-out/location");
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            locker.rollback();
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.header("Retry-After")).isEqualTo("5");
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            assertThat(response.json().path("status").asInt()).isEqualTo(503);
            assertThat(took).isLessThan(Duration.ofSeconds(8));
        }

        assertThat(api.get("/api/v1/riders/locked-out/location").status()).isEqualTo(404);
    }
}
