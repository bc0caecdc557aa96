package dev.ridehail.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Creates (and, for tests, drops) the per-service databases on a PostgreSQL server. */
final class PostgresDatabases {

    /** The init script compose mounts into the postgres image; the local stack honours the same list. */
    static final String INIT_SCRIPT_DIRECTORY = "infra/postgres/init";

    private static final Pattern CREATE_DATABASE = Pattern.compile("(?im)^\\s*CREATE\\s+DATABASE\\s+\"?([A-Za-z0-9_]+)\"?");

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_]{1,63}");

    private final String serverUrl;

    private final String username;

    private final String password;

    PostgresDatabases(String serverUrl, String username, String password) {
        this.serverUrl = serverUrl;
        this.username = username;
        this.password = password;
    }

    /** Database names the init scripts under {@code infra/postgres/init} create, in order. */
    static List<String> namesInInitScripts(Path projectRoot) {
        Path dir = projectRoot.resolve(INIT_SCRIPT_DIRECTORY);
        List<String> names = new ArrayList<>();
        try (Stream<Path> scripts = Files.list(dir)) {
            for (Path script : scripts.filter(p -> p.toString().endsWith(".sql")).sorted().toList()) {
                Matcher matcher = CREATE_DATABASE.matcher(Files.readString(script));
                while (matcher.find()) {
                    names.add(matcher.group(1).toLowerCase(Locale.ROOT));
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read the init scripts in " + dir, ex);
        }
        return names;
    }

    /** Creates every database in {@code names} that does not exist yet; returns the ones it created. */
    List<String> createMissing(Collection<String> names) {
        List<String> created = new ArrayList<>();
        try (Connection connection = connect()) {
            for (String name : names) {
                if (!exists(connection, name)) {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("CREATE DATABASE " + quoted(name));
                    }
                    created.add(name);
                }
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Cannot create the service databases on " + serverUrl + " as " + username
                    + ": " + ex.getMessage() + ". Is PostgreSQL running? (see docs/running.md)", ex);
        }
        return created;
    }

    /** Empty when the server accepts a connection within seconds, else why not. */
    Optional<String> unreachableReason() {
        Properties props = new Properties();
        props.setProperty("user", username);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "5");
        props.setProperty("loginTimeout", "10");
        try (Connection ignored = DriverManager.getConnection(serverUrl + "/postgres", props)) {
            return Optional.empty();
        }
        catch (SQLException ex) {
            return Optional.of(ex.getMessage());
        }
    }

    void drop(Collection<String> names) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String name : names) {
                statement.execute("DROP DATABASE IF EXISTS " + quoted(name) + " WITH (FORCE)");
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Cannot drop databases " + names + " on " + serverUrl, ex);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(serverUrl + "/postgres", username, password);
    }

    private static boolean exists(Connection connection, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static String quoted(String name) {
        if (!SAFE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Unsafe database name: " + name);
        }
        return "\"" + name + "\"";
    }
}
