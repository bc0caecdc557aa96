package dev.ridehail.processes;

import dev.ridehail.processes.Signals.Signal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of our own, so the benchmark can measure and stop it and the fault suite can crash it:
 * {@code initdb} into {@code <baseDir>/data}, run by the {@code postgres} OS user when we run as root, on its own port,
 * loopback only, trust authentication, a socket directory of its own. Durability settings ({@code fsync},
 * {@code synchronous_commit}, ...) keep their defaults: a crash must be a real crash, and a measurement a fair one.
 *
 * <p>The shared server on 5432 is never touched. A leftover cluster from an aborted run (same directory) is stopped
 * with an immediate shutdown and deleted before a new one is created; {@link #close()} and a JVM shutdown hook do the
 * same at the end.
 *
 * <pre>{@code
 * try (PostgresCluster postgres = PostgresCluster.createAndStart(dir, 55432, Map.of("max_connections", "300"))) {
 *     postgres.createDatabase("trip");
 *     postgres.kill();  // kill -9 the postmaster
 *     postgres.start(); // crash recovery on the same data directory
 * }
 * }</pre>
 */
public final class PostgresCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresCluster.class);

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);

    private static final String SUPERUSER = "postgres";

    private final PostgresBinaries binaries;

    private final Path baseDir;

    private final Path dataDir;

    private final Path logFile;

    private final int port;

    private final boolean runAsPostgresUser;

    private final boolean persistent;

    private PostgresCluster(PostgresBinaries binaries, Path baseDir, int port, boolean persistent) {
        this.binaries = binaries;
        this.persistent = persistent;
        this.baseDir = baseDir;
        this.dataDir = baseDir.resolve("data");
        this.logFile = baseDir.resolve("postgres.log");
        this.port = port;
        this.runAsPostgresUser = runningAsRoot();
    }

    /**
     * Creates (after removing any leftover) and starts a cluster under {@code baseDir}, on {@code preferredPort} if it
     * is free, else on another free port.
     *
     * @param settings extra {@code postgresql.conf} lines, name to value as written in the file (quote strings)
     */
    public static PostgresCluster createAndStart(Path baseDir, int preferredPort, Map<String, String> settings) {
        return createAndStart(PostgresBinaries.find(), baseDir, preferredPort, settings);
    }

    /** As {@link #createAndStart(Path, int, Map)}, with the given binaries. */
    public static PostgresCluster createAndStart(PostgresBinaries binaries, Path baseDir, int preferredPort,
            Map<String, String> settings) {
        Path base = baseDir.toAbsolutePath();
        removeLeftover(binaries, base);
        PostgresCluster cluster = new PostgresCluster(binaries, base, portNear(preferredPort), false);
        cluster.initialise(settings);
        cluster.start();
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::destroyQuietly, "postgres-cluster-reaper"));
        return cluster;
    }

    /**
     * Starts the cluster under {@code baseDir}, creating it first only if it has no data directory yet, so its
     * databases survive from one run to the next; a server left running by a killed JVM is stopped (immediate mode,
     * then crash recovery) first. {@link #close()} and the JVM shutdown hook stop it (fast mode) and keep the data.
     */
    public static PostgresCluster openOrCreate(PostgresBinaries binaries, Path baseDir, int preferredPort,
            Map<String, String> settings) {
        Path base = baseDir.toAbsolutePath();
        PostgresCluster cluster = new PostgresCluster(binaries, base, portNear(preferredPort), true);
        if (Files.exists(cluster.dataDir.resolve("PG_VERSION"))) {
            if (Files.exists(cluster.dataDir.resolve("postmaster.pid")) && cluster.isRunning()) {
                log.warn("Stopping a PostgreSQL server left running in {}", cluster.dataDir);
                cluster.crash();
            }
        }
        else {
            deleteRecursively(base);
            cluster.initialise(settings);
        }
        cluster.start();
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::stopQuietly, "postgres-cluster-stop"));
        return cluster;
    }

    private static int portNear(int preferredPort) {
        return preferredPort > 0 && Ports.isFree(preferredPort) ? preferredPort : Ports.free();
    }

    public static PostgresCluster createAndStart(Path baseDir, int preferredPort) {
        return createAndStart(baseDir, preferredPort, Map.of());
    }

    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    public String username() {
        return SUPERUSER;
    }

    /** Trust authentication: no password. */
    public String password() {
        return "";
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>}, without a database. */
    public String serverUrl() {
        return "jdbc:postgresql://" + host() + ":" + port;
    }

    public String jdbcUrl(String database) {
        return serverUrl() + "/" + database;
    }

    public Path dataDirectory() {
        return dataDir;
    }

    public Path logFile() {
        return logFile;
    }

    /** Starts the server on the same data directory (crash recovery after a crash or kill); waits until it accepts. */
    public void start() {
        // The port on the command line: a persistent cluster reopened later gets whichever port is free then.
        pgCtl("start", "-w", "-t", "60", "-o", "-p " + port, "-l", logFile.toString());
        postmasterPid().ifPresent(Signals::own);
    }

    /** Fast-mode stop: clean shutdown, open transactions are rolled back and sessions disconnected. */
    public void stop() {
        Optional<Long> pid = postmasterPid();
        pgCtl("stop", "-m", "fast", "-w", "-t", "60");
        pid.ifPresent(Signals::disown);
    }

    /** Immediate-mode stop: every backend is killed without a checkpoint; the next start runs crash recovery. */
    public void crash() {
        Optional<Long> pid = postmasterPid();
        pgCtl("stop", "-m", "immediate", "-w", "-t", "60");
        pid.ifPresent(Signals::disown);
    }

    /**
     * kill -9 of the postmaster, then waits (bounded) until it and its backends are gone, which the backends notice
     * on their own; the next {@link #start()} finds a stale {@code postmaster.pid} and runs crash recovery.
     */
    public void kill() {
        Optional<ProcessHandle> postmaster = postmasterPid().flatMap(ProcessHandle::of);
        if (postmaster.isEmpty()) {
            return;
        }
        List<ProcessHandle> server = new ArrayList<>(postmaster.get().children().toList());
        server.add(postmaster.get());
        Signals.send(postmaster.get().pid(), Signal.KILL);
        Signals.disown(postmaster.get().pid());
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (server.stream().anyMatch(ProcessHandle::isAlive)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(
                        "PostgreSQL processes still alive 30 s after kill -9 of the postmaster");
            }
            ChildProcess.sleep(Duration.ofMillis(50));
        }
    }

    /** Fast stop if running, then start on the same data directory. */
    public void restart() {
        if (isRunning()) {
            stop();
        }
        start();
    }

    public boolean isRunning() {
        return Commands.run(asPostgres(List.of(binaries.pgCtl(), "status", "-D", dataDir.toString())), COMMAND_TIMEOUT)
            .succeeded();
    }

    /** The postmaster's process id, from the first line of {@code postmaster.pid}. */
    public Optional<Long> postmasterPid() {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.getFirst().strip()));
        }
        catch (IOException | NumberFormatException ex) {
            return Optional.empty();
        }
    }

    /** CPU seconds the whole server has used since it started (postmaster, backends, background workers). */
    public double cpuSeconds() {
        return ProcessCpu.secondsWithChildren(postmasterPid()
            .orElseThrow(() -> new IllegalStateException("PostgreSQL in " + dataDir + " is not running")));
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, password());
    }

    /** Creates a database (dropping one of the same name first). */
    public void createDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a plain database name: " + name);
        }
        execute("postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        execute("postgres", "CREATE DATABASE " + name);
    }

    public void execute(String database, String sql) {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Failed on " + jdbcUrl(database) + ": " + sql, ex);
        }
    }

    /** The first column of the first row. */
    public String queryString(String database, String sql) {
        try (Connection connection = connect(database); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Failed on " + jdbcUrl(database) + ": " + sql, ex);
        }
    }

    /** Stops the server immediately and deletes the cluster; a persistent one is stopped cleanly and kept. */
    @Override
    public void close() {
        if (persistent) {
            stopQuietly();
        }
        else {
            destroyQuietly();
        }
    }

    private void stopQuietly() {
        try {
            if (isRunning()) {
                stop();
            }
        }
        catch (RuntimeException ex) {
            log.warn("Could not stop the PostgreSQL cluster at {}", baseDir, ex);
        }
    }

    private void destroyQuietly() {
        try {
            if (Files.exists(dataDir.resolve("postmaster.pid"))) {
                Commands.run(asPostgres(List.of(binaries.pgCtl(), "stop", "-D", dataDir.toString(), "-m", "immediate",
                        "-w", "-t", "30")), COMMAND_TIMEOUT);
            }
            postmasterPid().ifPresent(Signals::disown);
            deleteRecursively(baseDir);
        }
        catch (RuntimeException ex) {
            log.warn("Could not remove the PostgreSQL cluster at {}", baseDir, ex);
        }
    }

    private void initialise(Map<String, String> extraSettings) {
        try {
            Files.createDirectories(baseDir);
            if (runAsPostgresUser) {
                requirePostgresUser();
                Commands.runOrFail(List.of("chown", SUPERUSER + ":", baseDir.toString()), COMMAND_TIMEOUT);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        Commands.runOrFail(asPostgres(List.of(binaries.initdb(), "-D", dataDir.toString(), "-U", SUPERUSER,
                "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-instructions")), COMMAND_TIMEOUT);
        // Loopback only and a socket directory of its own (no clash with the system server's /var/run/postgresql);
        // the caller's settings come last, so they win.
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("port", Integer.toString(port));
        settings.put("listen_addresses", "'127.0.0.1'");
        settings.put("unix_socket_directories", "'" + dataDir + "'");
        settings.putAll(extraSettings);
        StringBuilder conf = new StringBuilder("\n# PostgresCluster settings\n");
        settings.forEach((name, value) -> conf.append(name).append(" = ").append(value).append('\n'));
        try {
            Files.writeString(dataDir.resolve("postgresql.conf"), conf, StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        log.info("PostgreSQL cluster initialised in {} (port {}, {})", dataDir, port, binaries.binDir());
    }

    private void pgCtl(String... arguments) {
        List<String> command = new ArrayList<>(List.of(binaries.pgCtl(), "-D", dataDir.toString()));
        command.addAll(List.of(arguments));
        Commands.runOrFail(asPostgres(command), COMMAND_TIMEOUT);
    }

    private List<String> asPostgres(List<String> command) {
        return asPostgres(command, runAsPostgresUser);
    }

    // PostgreSQL refuses to run as root.
    private static List<String> asPostgres(List<String> command, boolean runAsPostgresUser) {
        if (!runAsPostgresUser) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", SUPERUSER, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /**
     * Whether the server can live under {@code dir}. Always when we are not root (the server runs as us); as root it
     * runs as {@code postgres}, which must be able to reach the directory: a checkout inside a private folder (a
     * {@code mktemp -d}, a home directory with mode 700) cannot hold its data directory.
     */
    public static boolean serverUserCanReach(Path dir) {
        if (!runningAsRoot()) {
            return true;
        }
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing != null && Commands.run(
                asPostgres(List.of("test", "-x", existing.toString()), true), COMMAND_TIMEOUT).succeeded();
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void requirePostgresUser() {
        if (!Commands.run(List.of("id", "-u", SUPERUSER), COMMAND_TIMEOUT).succeeded()) {
            throw new IllegalStateException("PostgreSQL refuses to run as root and there is no '" + SUPERUSER
                    + "' OS user to run it as: run as an ordinary user, or create one (useradd --system " + SUPERUSER
                    + ")");
        }
    }

    private static void removeLeftover(PostgresBinaries binaries, Path baseDir) {
        Path data = baseDir.resolve("data");
        if (Files.exists(data.resolve("postmaster.pid"))) {
            log.warn("Stopping a leftover PostgreSQL cluster in {}", data);
            Commands.run(asPostgres(List.of(binaries.pgCtl(), "stop", "-D", data.toString(), "-m", "immediate", "-w",
                    "-t", "30"), runningAsRoot()), COMMAND_TIMEOUT);
        }
        deleteRecursively(baseDir);
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not delete " + dir, ex);
        }
    }
}
