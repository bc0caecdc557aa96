package dev.ridehail.processes;

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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(180)
class PostgresClusterTests {

    static final Path BASE = Path.of(System.getProperty("java.io.tmpdir"), "ridehail-processes-selftest-pg");

    static PostgresCluster postgres;

    @BeforeAll
    static void createCluster() {
        postgres = PostgresCluster.createAndStart(BASE, 55433, Map.of("max_connections", "50"));
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
        assertThat(Signals.owns(pidBefore)).isFalse();
        assertThatThrownBy(() -> postgres.connect("crash_test").close()).isInstanceOf(SQLException.class);
        postgres.start();
        assertThat(count("crash_test", "SELECT count(*) FROM t")).isEqualTo(1000);
        assertThat(Files.readString(postgres.logFile())).contains("not properly shut down");
    }

    @Test
    void shouldKeepCommittedRowsWhenThePostmasterIsKilledAndRestartedOnTheSameDirectory() throws Exception {
        postgres.createDatabase("kill_test");
        postgres.execute("kill_test", "CREATE TABLE t (id int PRIMARY KEY)");
        postgres.execute("kill_test", "INSERT INTO t SELECT generate_series(1, 500)");
        long pidBefore = postgres.postmasterPid().orElseThrow();
        try (Connection open = postgres.connect("kill_test")) {
            postgres.kill();

            assertThat(ProcessHandle.of(pidBefore).filter(ProcessHandle::isAlive)).isEmpty();
            assertThat(postgres.isRunning()).isFalse();
            assertThatThrownBy(() -> open.createStatement().execute("SELECT 1")).isInstanceOf(SQLException.class);
        }
        postgres.restart();
        assertThat(postgres.postmasterPid()).isPresent().get().isNotEqualTo(pidBefore);
        assertThat(count("kill_test", "SELECT count(*) FROM t")).isEqualTo(500);
    }

    @Test
    void shouldStopFastAndStartAgain() throws SQLException {
        postgres.stop();
        assertThat(postgres.isRunning()).isFalse();
        postgres.start();
        assertThat(count("postgres", "SELECT 1")).isEqualTo(1);
    }

    @Test
    void shouldListenOnItsOwnPortWithTheCallersSettings() {
        assertThat(postgres.port()).isNotEqualTo(5432);
        assertThat(postgres.jdbcUrl("x")).isEqualTo("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/x");
        assertThat(postgres.queryString("postgres", "SHOW max_connections")).isEqualTo("50");
        assertThat(postgres.queryString("postgres", "SHOW listen_addresses")).isEqualTo("127.0.0.1");
        // durability keeps its defaults: a crash must be a real crash
        assertThat(postgres.queryString("postgres", "SHOW fsync")).isEqualTo("on");
    }

    @Test
    void shouldCountTheServersCpuTimeIncludingItsBackends() {
        double before = postgres.cpuSeconds();
        postgres.execute("postgres", "SELECT count(*) FROM generate_series(1, 3000000)");
        assertThat(postgres.cpuSeconds()).isGreaterThan(before);
    }

    @Test
    void shouldReadOneProcessesOwnCpuTimeAndZeroForAGoneOne() {
        long self = ProcessHandle.current().pid();
        assertThat(ProcessCpu.seconds(self)).isPositive();
        assertThat(ProcessCpu.seconds(self)).isLessThanOrEqualTo(ProcessCpu.secondsWithChildren(self));
        assertThat(ProcessCpu.seconds(Long.MAX_VALUE)).isZero();
    }

    @Test
    void shouldReplaceALeftoverClusterFromAnAbortedRun() throws SQLException {
        Path leftoverBase = Path.of(System.getProperty("java.io.tmpdir"), "ridehail-processes-selftest-leftover");
        PostgresCluster first = PostgresCluster.createAndStart(leftoverBase, 55434);
        first.createDatabase("old_run");
        // no close(): as if the JVM had been killed; the next run must stop it and start clean
        PostgresCluster second = PostgresCluster.createAndStart(leftoverBase, 55434);
        try {
            assertThat(count(second, "postgres", "SELECT count(*) FROM pg_database WHERE datname = 'old_run'"))
                .isZero();
        }
        finally {
            second.close();
        }
        assertThat(leftoverBase).doesNotExist();
    }

    static long count(String database, String sql) throws SQLException {
        return count(postgres, database, sql);
    }

    static long count(PostgresCluster server, String database, String sql) throws SQLException {
        try (Connection connection = server.connect(database); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
