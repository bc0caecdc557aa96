package dev.ridehail.faults.postgres;

import dev.ridehail.processes.PostgresCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(120)
class TcpProxyTests {

    static PostgresCluster postgres;

    static TcpProxy proxy;

    @BeforeAll
    static void start() {
        postgres = DedicatedPostgres.createAndStart(
                Path.of(System.getProperty("java.io.tmpdir"), "ridehail-fault-suite-selftest-proxy-pg"), 55435);
        proxy = TcpProxy.start("127.0.0.1", postgres.port());
    }

    @AfterAll
    static void stop() {
        proxy.close();
        postgres.close();
    }

    @Test
    void shouldPassQueriesThroughWhenHealthy() throws SQLException {
        try (Connection connection = connect(5)) {
            assertThat(selectOne(connection)).isEqualTo(1);
        }
    }

    @Test
    void shouldSlowEveryRoundTripWhenDelayed() throws SQLException {
        try (Connection connection = connect(10)) {
            proxy.delay(Duration.ofMillis(300));
            long start = System.nanoTime();
            selectOne(connection);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(550));
        }
        finally {
            proxy.heal();
        }
    }

    @Test
    void shouldHoldTrafficUntilHealedWhenBlackholed() throws SQLException {
        try (Connection connection = connect(2)) {
            proxy.blackhole();
            assertThatThrownBy(() -> selectOne(connection)).isInstanceOf(SQLException.class);
        }
        finally {
            proxy.heal();
        }
        try (Connection connection = connect(5)) {
            assertThat(selectOne(connection)).isEqualTo(1);
        }
    }

    static Connection connect(int socketTimeoutSeconds) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        properties.setProperty("socketTimeout", Integer.toString(socketTimeoutSeconds));
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/postgres", properties);
    }

    static int selectOne(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
