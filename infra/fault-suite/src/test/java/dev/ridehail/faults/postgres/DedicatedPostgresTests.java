package dev.ridehail.faults.postgres;

import dev.ridehail.processes.PostgresCluster;
import dev.ridehail.processes.Signals;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fault suite's cluster settings; the cluster manager itself is tested in infra/processes. */
@Timeout(180)
class DedicatedPostgresTests {

    static final Path BASE = Path.of(System.getProperty("java.io.tmpdir"), "ridehail-fault-suite-selftest-pg");

    static PostgresCluster postgres;

    @BeforeAll
    static void createCluster() {
        postgres = DedicatedPostgres.createAndStart(BASE, 55433);
    }

    @AfterAll
    static void dropCluster() {
        postgres.close();
        assertThat(BASE).doesNotExist();
    }

    @Test
    void shouldKeepCommittedRowsWhenCrashedInImmediateModeAndRestarted() throws Exception {
        postgres.createDatabase("crash_test");
        postgres.execute("crash_test", "CREATE TABLE t (id int PRIMARY KEY)");
        postgres.execute("crash_test", "INSERT INTO t SELECT generate_series(1, 1000)");
        long pidBefore = postgres.postmasterPid().orElseThrow();
        assertThat(Signals.owns(pidBefore)).isTrue();

        postgres.crash();

        assertThat(postgres.isRunning()).isFalse();
        assertThatThrownBy(() -> postgres.connect("crash_test").close()).isInstanceOf(SQLException.class);
        postgres.start();
        assertThat(count("crash_test", "SELECT count(*) FROM t")).isEqualTo(1000);
        assertThat(Files.readString(postgres.logFile())).contains("not properly shut down");
    }

    @Test
    void shouldListenOnItsOwnPortAndNeverOnTheSharedOne() {
        assertThat(postgres.port()).isNotEqualTo(5432);
        assertThat(postgres.jdbcUrl("x")).isEqualTo("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/x");
    }

    @Test
    void shouldHaveRoomForSeveralServiceInstancesAndKeepDurabilityDefaults() {
        assertThat(string("SHOW max_connections")).isEqualTo("300");
        assertThat(string("SHOW log_connections")).isEqualTo("off");
        assertThat(string("SHOW fsync")).isEqualTo("on");
        assertThat(string("SHOW synchronous_commit")).isEqualTo("on");
    }

    static String string(String sql) {
        return postgres.queryString("postgres", sql);
    }

    static long count(String database, String sql) throws SQLException {
        try (Connection connection = postgres.connect(database); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
