package dev.ridehail.testing;

import dev.ridehail.processes.EmbeddedPostgres;
import dev.ridehail.processes.PostgresCluster;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Finds a real PostgreSQL server and creates uniquely named databases on it.
 *
 * <p>Order of preference: the server at {@code TEST_DATABASE_URL} (default {@code jdbc:postgresql://localhost:5432/postgres},
 * user {@code TEST_DATABASE_USER} / {@code postgres}); if that is unreachable, a Testcontainers PostgreSQL when a Docker
 * engine is available; otherwise an {@link EmbeddedPostgres} server for this JVM (deleted when it exits). Only when even
 * that cannot start, an {@link InfrastructureUnavailableException} with one message naming all three.
 */
public final class TestPostgres {

    static final String POSTGRES_IMAGE = "postgres:17-alpine";

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private static volatile Server server;

    private static volatile InfrastructureUnavailableException unavailable;

    private TestPostgres() {
    }

    /** A new empty database, dropped (with FORCE) when closed or at the latest when the JVM exits. */
    public static TestDatabase createDatabase() {
        return createDatabase("test");
    }

    public static TestDatabase createDatabase(String prefix) {
        Server target = server();
        String name = (prefix + "_" + ProcessHandle.current().pid() + "_" + SEQUENCE.incrementAndGet() + "_"
                + UUID.randomUUID().toString().substring(0, 8)).toLowerCase().replaceAll("[^a-z0-9_]", "_");
        target.execute("CREATE DATABASE " + name);
        Thread dropAtExit = new Thread(() -> target.dropQuietly(name), "drop-" + name);
        Runtime.getRuntime().addShutdownHook(dropAtExit);
        Runnable dropper = () -> {
            target.dropQuietly(name);
            try {
                Runtime.getRuntime().removeShutdownHook(dropAtExit);
            }
            catch (IllegalStateException alreadyShuttingDown) {
                // the hook runs anyway and finds nothing to drop
            }
        };
        return new TestDatabase(name, target.urlFor(name), target.username(), target.password(), dropper);
    }

    /** The JDBC URL of the server's maintenance database, for tests that manage databases themselves. */
    public static String serverUrl() {
        return server().adminUrl();
    }

    public static String username() {
        return server().username();
    }

    public static String password() {
        return server().password();
    }

    /** Throws {@link InfrastructureUnavailableException} when no PostgreSQL can be found; probes only once per JVM. */
    public static void verifyAvailable() {
        server();
    }

    private static Server server() {
        Server found = server;
        if (found == null) {
            synchronized (TestPostgres.class) {
                if (unavailable != null) {
                    throw unavailable;
                }
                found = server;
                if (found == null) {
                    try {
                        found = locate();
                    }
                    catch (InfrastructureUnavailableException ex) {
                        unavailable = ex;
                        throw ex;
                    }
                    server = found;
                }
            }
        }
        return found;
    }

    private static Server locate() {
        String url = setting("test.database.url", "TEST_DATABASE_URL", "jdbc:postgresql://localhost:5432/postgres");
        String user = setting("test.database.user", "TEST_DATABASE_USER", "postgres");
        String password = setting("test.database.password", "TEST_DATABASE_PASSWORD", "");
        Server configured = new Server(url, user, password);
        SQLException reachError = configured.probe();
        if (reachError == null) {
            return configured;
        }
        if (DockerClientFactory.instance().isDockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer(POSTGRES_IMAGE);
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "test-postgres-container-stop"));
            return new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "ridehail-test-postgres-" + ProcessHandle.current().pid());
        try {
            PostgresCluster embedded = EmbeddedPostgres.startTemporary(dir);
            System.err.println("TestPostgres: " + url + " is not reachable and there is no Docker; using an embedded"
                    + " PostgreSQL at " + embedded.serverUrl() + " (data in " + dir + ")");
            return new Server(embedded.jdbcUrl("postgres"), embedded.username(), embedded.password());
        }
        catch (RuntimeException embeddedError) {
            throw new InfrastructureUnavailableException("""
                    Integration tests need a real PostgreSQL and found none.
                      - PostgreSQL at %s (user %s) is not reachable: %s
                      - no Docker engine is available for a Testcontainers PostgreSQL;
                      - the embedded PostgreSQL (bundled binaries, data in %s) did not start: %s
                    Start PostgreSQL on localhost:5432 (trust or password auth for user postgres), or point
                    TEST_DATABASE_URL / TEST_DATABASE_USER / TEST_DATABASE_PASSWORD at a server where that user may CREATE DATABASE,
                    or start a Docker engine.""".formatted(url, user, reachError.getMessage(), dir,
                    embeddedError.getMessage()));
        }
    }

    private static String setting(String property, String env, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value;
    }

    private record Server(String adminUrl, String username, String password) {

        SQLException probe() {
            try (Connection ignored = connect()) {
                return null;
            }
            catch (SQLException ex) {
                return ex;
            }
        }

        void execute(String sql) {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
            catch (SQLException ex) {
                throw new IllegalStateException("Could not run '" + sql + "' on " + adminUrl + ": " + ex.getMessage(), ex);
            }
        }

        void dropQuietly(String database) {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
            catch (SQLException ex) {
                System.err.println("Could not drop test database " + database + ": " + ex.getMessage());
            }
        }

        String urlFor(String database) {
            int query = adminUrl.indexOf('?');
            String base = query < 0 ? adminUrl : adminUrl.substring(0, query);
            String params = query < 0 ? "" : adminUrl.substring(query);
            return base.substring(0, base.lastIndexOf('/') + 1) + database + params;
        }

        Connection connect() throws SQLException {
            Properties props = new Properties();
            props.setProperty("user", username);
            props.setProperty("password", password);
            // Fail within seconds, not after the driver's default TCP timeouts, when nothing listens.
            props.setProperty("connectTimeout", "5");
            props.setProperty("loginTimeout", "10");
            return DriverManager.getConnection(adminUrl, props);
        }
    }
}
