package dev.ridehail.faults.postgres;

import dev.ridehail.processes.PostgresCluster;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fault suite's own PostgreSQL cluster, so the scenarios can crash (immediate stop), kill -9 and restart it: a
 * {@link PostgresCluster} with room for several service instances with their pools, and enough logging to read a
 * crash afterwards. Durability settings keep their defaults: a crash must be a real crash.
 */
public final class DedicatedPostgres {

    public static final int DEFAULT_PORT = 55432;

    private static final Map<String, String> SETTINGS = settings();

    private DedicatedPostgres() {
    }

    /**
     * Creates (after removing any leftover) and starts a cluster under {@code baseDir}, on {@code preferredPort} if it
     * is free, else on another free port.
     */
    public static PostgresCluster createAndStart(Path baseDir, int preferredPort) {
        return PostgresCluster.createAndStart(baseDir, preferredPort, SETTINGS);
    }

    /** The default location, under the temp folder, reused (and so cleaned) by every run. */
    public static PostgresCluster createAndStart() {
        return createAndStart(Path.of(System.getProperty("java.io.tmpdir"), "ridehail-fault-suite-postgres"),
                DEFAULT_PORT);
    }

    private static Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("max_connections", "300");
        settings.put("log_min_messages", "warning");
        settings.put("log_connections", "off");
        return settings;
    }
}
