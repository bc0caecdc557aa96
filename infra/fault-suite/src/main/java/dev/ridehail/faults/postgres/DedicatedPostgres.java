package dev.ridehail.faults.postgres;

import dev.ridehail.faults.process.Commands;
import dev.ridehail.faults.process.Signals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of its own for the fault tests, so they can crash and restart it: {@code initdb} into a
 * directory under the temp folder, run by the {@code postgres} OS user when the harness runs as root, on its own port,
 * loopback only, trust authentication. Durability settings ({@code fsync}, {@code synchronous_commit}, ...) keep their
 * defaults: a crash must be a real crash.
 *
 * <p>The shared server on 5432 is never touched. A leftover cluster from an aborted run (same directory) is stopped
 * with an immediate shutdown and deleted before a new one is created.
 */
public final class DedicatedPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DedicatedPostgres.class);

    public static final int DEFAULT_PORT = 55432;

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);

    private static final String SUPERUSER = "postgres";

    private final Path binDir;

    private final Path baseDir;

    private final Path dataDir;

    private final Path logFile;

    private final int port;

    private final boolean runAsPostgresUser;

    private DedicatedPostgres(Path binDir, Path baseDir, int port) {
        this.binDir = binDir;
        this.baseDir = baseDir;
        this.dataDir = baseDir.resolve("data");
        this.logFile = baseDir.resolve("postgres.log");
        this.port = port;
        this.runAsPostgresUser = "root".equals(System.getProperty("user.name"));
    }

    /**
     * Creates (after removing any leftover) and starts a cluster under {@code baseDir}, on {@code preferredPort} if it
     * is free, else on another free port.
     */
    public static DedicatedPostgres createAndStart(Path baseDir, int preferredPort) {
        Path bin = findBinDir();
        removeLeftover(bin, baseDir);
        int port = isFree(preferredPort) ? preferredPort : freePort();
        DedicatedPostgres postgres = new DedicatedPostgres(bin, baseDir.toAbsolutePath(), port);
        postgres.initialise();
        postgres.start();
        Runtime.getRuntime().addShutdownHook(new Thread(postgres::destroyQuietly, "dedicated-postgres-reaper"));
        return postgres;
    }

    /** The default location, under the temp folder, reused (and so cleaned) by every run. */
    public static DedicatedPostgres createAndStart() {
        return createAndStart(Path.of(System.getProperty("java.io.tmpdir"), "ridehail-fault-suite-postgres"),
                DEFAULT_PORT);
    }

    public int port() {
        return port;
    }

    public String username() {
        return SUPERUSER;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public Path logFile() {
        return logFile;
    }

    /** Starts the server and waits until it accepts connections. */
    public void start() {
        pgCtl("start", "-w", "-t", "60", "-l", logFile.toString());
        postmasterPid().ifPresent(Signals::own);
    }

    /** Immediate-mode stop: every backend is killed without a checkpoint; the next start runs crash recovery. */
    public void crash() {
        Optional<Long> pid = postmasterPid();
        pgCtl("stop", "-m", "immediate", "-w", "-t", "60");
        pid.ifPresent(Signals::disown);
    }

    /** Fast-mode stop: clean shutdown, open sessions are disconnected. */
    public void stop() {
        Optional<Long> pid = postmasterPid();
        pgCtl("stop", "-m", "fast", "-w", "-t", "60");
        pid.ifPresent(Signals::disown);
    }

    public boolean isRunning() {
        return Commands.run(asPostgres(List.of(binDir.resolve("pg_ctl").toString(), "status", "-D", dataDir.toString())),
                COMMAND_TIMEOUT).succeeded();
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

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, "");
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

    /** Stops the server immediately and deletes the cluster. */
    @Override
    public void close() {
        destroyQuietly();
    }

    private void destroyQuietly() {
        try {
            if (Files.exists(dataDir.resolve("postmaster.pid"))) {
                Commands.run(asPostgres(List.of(binDir.resolve("pg_ctl").toString(), "stop", "-D", dataDir.toString(),
                        "-m", "immediate", "-w", "-t", "30")), COMMAND_TIMEOUT);
            }
            postmasterPid().ifPresent(Signals::disown);
            deleteRecursively(baseDir);
        }
        catch (RuntimeException ex) {
            log.warn("Could not remove the dedicated PostgreSQL cluster at {}", baseDir, ex);
        }
    }

    private void initialise() {
        try {
            Files.createDirectories(baseDir);
            if (runAsPostgresUser) {
                Commands.runOrFail(List.of("chown", SUPERUSER + ":", baseDir.toString()), COMMAND_TIMEOUT);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        Commands.runOrFail(asPostgres(List.of(binDir.resolve("initdb").toString(), "-D", dataDir.toString(), "-U",
                SUPERUSER, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-instructions")), COMMAND_TIMEOUT);
        // Loopback only, a socket directory of its own (no clash with the system server's /var/run/postgresql), room
        // for several service instances with their pools, and enough logging to read a crash afterwards.
        String settings = """

                # fault-suite settings
                port = %d
                listen_addresses = '127.0.0.1'
                unix_socket_directories = '%s'
                max_connections = 300
                log_min_messages = warning
                log_connections = off
                """.formatted(port, dataDir);
        try {
            Files.writeString(dataDir.resolve("postgresql.conf"), settings, StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        log.info("Dedicated PostgreSQL cluster initialised in {} (port {})", dataDir, port);
    }

    private void pgCtl(String... arguments) {
        List<String> command = new ArrayList<>(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString()));
        command.addAll(List.of(arguments));
        Commands.runOrFail(asPostgres(command), COMMAND_TIMEOUT);
    }

    private List<String> asPostgres(List<String> command) {
        return asPostgres(command, runAsPostgresUser);
    }

    private static List<String> asPostgres(List<String> command, boolean runAsPostgresUser) {
        if (!runAsPostgresUser) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", SUPERUSER, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static void removeLeftover(Path bin, Path baseDir) {
        Path data = baseDir.resolve("data");
        if (Files.exists(data.resolve("postmaster.pid"))) {
            log.warn("Stopping a leftover dedicated PostgreSQL in {}", data);
            Commands.run(asPostgres(List.of(bin.resolve("pg_ctl").toString(), "stop", "-D", data.toString(), "-m",
                    "immediate", "-w", "-t", "30"), "root".equals(System.getProperty("user.name"))), COMMAND_TIMEOUT);
        }
        deleteRecursively(baseDir);
    }

    private static Path findBinDir() {
        String configured = System.getenv("FAULTS_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path root = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(version -> version.resolve("bin"))
                .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl")))
                .max(Comparator.comparing(bin -> versionNumber(bin.getParent())))
                .orElseThrow(() -> new IllegalStateException("No PostgreSQL server binaries (initdb, pg_ctl) under "
                        + root + "; install postgresql or set FAULTS_PG_BIN"));
        }
        catch (IOException ex) {
            throw new IllegalStateException("No PostgreSQL server binaries under " + root
                    + "; install postgresql or set FAULTS_PG_BIN", ex);
        }
    }

    private static int versionNumber(Path versionDir) {
        try {
            return Integer.parseInt(versionDir.getFileName().toString());
        }
        catch (NumberFormatException ex) {
            return 0;
        }
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

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
