package dev.ridehail.trip.web;

import dev.ridehail.testing.TestDatabase;
import dev.ridehail.trip.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseUnavailableTests extends IntegrationTest {

    @Autowired
    TestDatabase database;

    @Test
    void shouldAnswer503WithRetryAfterWithinStatementTimeoutWhenHistoryIsLocked() throws Exception {
        String riderId = uniqueRider("locked");
        try (Connection locker = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password()); Statement statement = locker.createStatement()) {
            locker.setAutoCommit(false);
            statement.execute("LOCK TABLE location_history IN ACCESS EXCLUSIVE MODE");

            long started = System.nanoTime();
            Response response = get("/api/v1/riders/" + riderId + "/track");
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            locker.rollback();
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.json().path("status").asInt()).isEqualTo(503);
            assertThat(took).isLessThan(Duration.ofSeconds(8));
        }

        assertThat(get("/api/v1/riders/" + riderId + "/track").status()).isEqualTo(200);
    }
}
