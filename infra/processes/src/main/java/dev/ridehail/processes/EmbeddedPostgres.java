package dev.ridehail.processes;

import java.nio.file.Path;
import java.util.Map;

/**
 * The PostgreSQL a machine without one gets: a real PostgreSQL 17 server from the bundled binaries (with the contrib
 * extensions, {@code cube} and {@code earthdistance} among them), on a free loopback port, trust authentication for
 * user {@code postgres}, in a data directory of its own. It is a {@link PostgresCluster}, so it stops with the JVM.
 */
public final class EmbeddedPostgres {

    // Every test context and every service instance keeps a connection pool open at once.
    private static final Map<String, String> SETTINGS = Map.of("max_connections", "300");

    private EmbeddedPostgres() {
    }

    /** A server for this JVM only: created empty under {@code baseDir}, deleted when the JVM exits or on close. */
    public static PostgresCluster startTemporary(Path baseDir) {
        return PostgresCluster.createAndStart(PostgresBinaries.bundled(), baseDir, 0, SETTINGS);
    }

    /** A server whose databases are kept under {@code baseDir} from one run to the next; stopped on exit. */
    public static PostgresCluster startPersistent(Path baseDir) {
        return PostgresCluster.openOrCreate(PostgresBinaries.bundled(), baseDir, 0, SETTINGS);
    }
}
