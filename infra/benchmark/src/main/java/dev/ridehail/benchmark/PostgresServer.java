package dev.ridehail.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The PostgreSQL server under test. Preferably a dedicated Debian cluster ({@code pg_createcluster <version> bench
 * -p 5544}) that only the benchmark uses: its CPU accounting is then not polluted by other work on the machine, and
 * the outage scenario can stop it without touching the shared server on 5432. Falls back to a given server (outage
 * then not run).
 */
final class PostgresServer {

    private final String host;

    private final int port;

    private final String user;

    private final String password;

    private final String clusterVersion;

    private final String clusterName;

    private PostgresServer(String host, int port, String user, String password, String clusterVersion,
            String clusterName) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.clusterVersion = clusterVersion;
        this.clusterName = clusterName;
    }

    /** An existing server we must not stop (no outage scenario). */
    static PostgresServer external(String host, int port, String user, String password) {
        return new PostgresServer(host, port, user, password, null, null);
    }

    /**
     * Creates (first time), configures and starts the dedicated cluster {@code name} on {@code port}; empty when the
     * Debian cluster tools are missing or we lack the rights.
     */
    static Optional<PostgresServer> dedicatedCluster(String name, int port) {
        if (!Files.isExecutable(Path.of("/usr/bin/pg_createcluster"))
                || !Files.isDirectory(Path.of("/usr/lib/postgresql"))) {
            return Optional.empty();
        }
        try {
            String version;
            try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
                version = versions.map(p -> p.getFileName().toString())
                    .filter(v -> v.matches("\\d+"))
                    .max((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)))
                    .orElseThrow();
            }
            Path conf = Path.of("/etc/postgresql", version, name);
            if (!Files.isDirectory(conf)) {
                run("pg_createcluster", version, name, "-p", Integer.toString(port), "--", "--auth-local=trust",
                        "--auth-host=trust");
                // the same fsync/durability defaults as any fresh install; only what the benchmark needs on top
                Files.writeString(conf.resolve("conf.d/benchmark.conf"), """
                        listen_addresses = '127.0.0.1'
                        max_connections = 200
                        shared_buffers = 256MB
                        max_wal_size = 2GB
                        """);
            }
            PostgresServer server = new PostgresServer("127.0.0.1", port, "postgres", "", version, name);
            server.start();
            return Optional.of(server);
        }
        catch (IOException | RuntimeException ex) {
            System.err.println("benchmark: no dedicated PostgreSQL cluster (" + ex.getMessage()
                    + "); using the given server and skipping the outage scenario");
            return Optional.empty();
        }
    }

    boolean controllable() {
        return clusterName != null;
    }

    void start() {
        requireControllable();
        String status = runQuietly("pg_ctlcluster", clusterVersion, clusterName, "status");
        if (!status.contains("server is running")) {
            run("pg_ctlcluster", clusterVersion, clusterName, "start");
        }
        awaitReachable(Duration.ofSeconds(60));
    }

    /** Fast shutdown: open transactions are rolled back, clients are disconnected. */
    void stop() {
        requireControllable();
        run("pg_ctlcluster", clusterVersion, clusterName, "stop", "-m", "fast");
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
        return (controllable() ? "dedicated cluster " + clusterVersion + "/" + clusterName : "external server") + " on "
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
        try {
            Path dataDirectory = Path.of(queryString("postgres", "SHOW data_directory"));
            long postmaster = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
            long ticks = 0;
            List<long[]> all = new ArrayList<>();
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path proc : (Iterable<Path>) procs.filter(p -> p.getFileName().toString().matches("\\d+"))::iterator) {
                    long[] stat = stat(proc);
                    if (stat != null) {
                        all.add(stat);
                    }
                }
            }
            for (long[] stat : all) {
                if (stat[0] == postmaster) {
                    ticks += stat[2] + stat[3] + stat[4] + stat[5];
                }
                else if (stat[1] == postmaster) {
                    ticks += stat[2] + stat[3];
                }
            }
            return ticks / 100.0; // USER_HZ is 100 on Linux
        }
        catch (IOException | RuntimeException ex) {
            throw new IllegalStateException("Cannot read the PostgreSQL processes' CPU time from /proc", ex);
        }
    }

    /** {pid, ppid, utime, stime, cutime, cstime} or null when the process went away. */
    private static long[] stat(Path proc) {
        try {
            String text = Files.readString(proc.resolve("stat"));
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state ppid ... utime(12) stime(13) cutime(14) cstime(15), 0-based from state
            return new long[] { Long.parseLong(proc.getFileName().toString()), Long.parseLong(fields[1]),
                    Long.parseLong(fields[11]), Long.parseLong(fields[12]), Long.parseLong(fields[13]),
                    Long.parseLong(fields[14]) };
        }
        catch (IOException | RuntimeException ex) {
            return null;
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

    void awaitReachable(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            try (Connection ignored = connect("postgres")) {
                return;
            }
            catch (SQLException ex) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("PostgreSQL on port " + port + " not reachable", ex);
                }
                sleep(300);
            }
        }
    }

    private void requireControllable() {
        if (!controllable()) {
            throw new IllegalStateException("This PostgreSQL server is not managed by the benchmark");
        }
    }

    private static String run(String... command) {
        String output = runQuietly(command);
        return output;
    }

    private static String runQuietly(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            int exit = process.waitFor();
            if (exit != 0 && !command[command.length - 1].equals("status")) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + exit + "): " + output);
            }
            return output;
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot run " + command[0], ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
