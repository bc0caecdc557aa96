package dev.ridehail.benchmark;

import dev.ridehail.processes.PostgresCluster;
import dev.ridehail.processes.ProcessCpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;

/**
 * The PostgreSQL server under test. Preferably a dedicated cluster ({@link PostgresCluster}, created for this run and
 * removed after it) that only the benchmark uses: its CPU accounting is then not polluted by other work on the
 * machine, and the outage scenario can stop it without touching the shared server on 5432. Falls back to a given
 * server (outage then not run).
 */
final class PostgresServer implements AutoCloseable {

    /** Only what the benchmark needs on top of a fresh install's defaults (fsync and commit durability untouched). */
    private static final Map<String, String> BENCHMARK_SETTINGS = Map.of("max_connections", "200", "shared_buffers",
            "256MB", "max_wal_size", "2GB");

    private final String host;

    private final int port;

    private final String user;

    private final String password;

    private final PostgresCluster cluster;

    private PostgresServer(String host, int port, String user, String password, PostgresCluster cluster) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.cluster = cluster;
    }

    /** An existing server we must not stop (no outage scenario). */
    static PostgresServer external(String host, int port, String user, String password) {
        return new PostgresServer(host, port, user, password, null);
    }

    /**
     * Creates and starts a dedicated cluster on {@code preferredPort} (or another free one); empty when the server
     * binaries are missing or we lack the rights.
     */
    static Optional<PostgresServer> dedicatedCluster(int preferredPort) {
        try {
            PostgresCluster cluster = PostgresCluster.createAndStart(
                    Path.of(System.getProperty("java.io.tmpdir"), "ridehail-benchmark-postgres"), preferredPort,
                    BENCHMARK_SETTINGS);
            return Optional.of(new PostgresServer(cluster.host(), cluster.port(), cluster.username(),
                    cluster.password(), cluster));
        }
        catch (RuntimeException ex) {
            System.err.println("benchmark: no dedicated PostgreSQL cluster (" + ex.getMessage()
                    + "); using the given server and skipping the outage scenario");
            return Optional.empty();
        }
    }

    boolean controllable() {
        return cluster != null;
    }

    /** Starts the dedicated cluster again after {@link #stop()}; a no-op while it runs. */
    void start() {
        requireControllable();
        if (!cluster.isRunning()) {
            cluster.start();
        }
    }

    /** Fast shutdown: open transactions are rolled back, clients are disconnected. */
    void stop() {
        requireControllable();
        cluster.stop();
    }

    /** Removes the dedicated cluster; an external server is left alone. */
    @Override
    public void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    String serverUrl() {
        return "jdbc:postgresql://" + host + ":" + port;
    }

    String url(String database) {
        return serverUrl() + "/" + database;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    String description() {
        return (controllable() ? "dedicated cluster in " + cluster.dataDirectory() : "external server") + " on "
                + host + ":" + port;
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database), user, password);
    }

    void createDatabase(String name) {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + name);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Cannot create database " + name + ": " + ex.getMessage(), ex);
        }
    }

    String version() {
        return queryString("postgres", "SHOW server_version");
    }

    String setting(String name) {
        return queryString("postgres", "SHOW " + name);
    }

    /** Current WAL insert position in bytes since the cluster's start of WAL. */
    long walPosition() {
        return Long.parseLong(queryString("postgres", "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint"));
    }

    /**
     * CPU seconds (user + system) the whole server has used: the postmaster, its live children (backends,
     * checkpointer, WAL writer, autovacuum) and, through the postmaster's cutime/cstime, children that already exited.
     */
    double cpuSeconds() {
        if (cluster != null) {
            return cluster.cpuSeconds();
        }
        try {
            // an external server on this machine: its postmaster from its own data directory
            Path dataDirectory = Path.of(queryString("postgres", "SHOW data_directory"));
            long postmaster = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
            return ProcessCpu.secondsWithChildren(postmaster);
        }
        catch (IOException | RuntimeException ex) {
            throw new IllegalStateException("Cannot read the PostgreSQL processes' CPU time from /proc", ex);
        }
    }

    String queryString(String database, String sql) {
        try (Connection connection = connect(database); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
        catch (SQLException ex) {
            throw new IllegalStateException(sql + ": " + ex.getMessage(), ex);
        }
    }

    private void requireControllable() {
        if (!controllable()) {
            throw new IllegalStateException("This PostgreSQL server is not managed by the benchmark");
        }
    }
}
