package dev.ridehail.processes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which PostgreSQL server binaries ({@code initdb}, {@code pg_ctl}) a {@link PostgresCluster} runs: the directory in
 * {@code FAULTS_PG_BIN} if set, else the newest Debian install under {@code /usr/lib/postgresql/<version>/bin}, else
 * the PostgreSQL 17 binaries from Maven Central ({@link BundledPostgres}). {@code POSTGRES_BINARIES=bundled} (or the
 * system property {@code postgres.binaries}) skips the first two, so the path a machine without PostgreSQL takes can
 * be run on one that has it. The one place that decides it, so another source of binaries is added here only.
 */
public record PostgresBinaries(Path binDir) {

    private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");

    /** The binaries to use: installed ones when present (unless told otherwise), else the bundled ones. */
    public static PostgresBinaries find() {
        if (bundledRequested()) {
            return bundled();
        }
        return installed().orElseGet(PostgresBinaries::bundled);
    }

    /** The PostgreSQL 17 binaries from the Maven artifact, unpacked on first use. */
    public static PostgresBinaries bundled() {
        return new PostgresBinaries(BundledPostgres.binDirectory());
    }

    /** {@code FAULTS_PG_BIN}, else the newest Debian install, if any. */
    public static Optional<PostgresBinaries> installed() {
        String configured = System.getenv("FAULTS_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(new PostgresBinaries(Path.of(configured)));
        }
        if (!Files.isDirectory(DEBIAN_ROOT)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(DEBIAN_ROOT)) {
            return versions.map(version -> version.resolve("bin"))
                .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl")))
                .max(Comparator.comparing(bin -> versionNumber(bin.getParent())))
                .map(PostgresBinaries::new);
        }
        catch (IOException ex) {
            return Optional.empty();
        }
    }

    static boolean bundledRequested() {
        String value = System.getProperty("postgres.binaries");
        if (value == null || value.isBlank()) {
            value = System.getenv("POSTGRES_BINARIES");
        }
        if (value == null || value.isBlank() || value.equalsIgnoreCase("auto")) {
            return false;
        }
        if (value.equalsIgnoreCase("bundled")) {
            return true;
        }
        throw new IllegalArgumentException("POSTGRES_BINARIES / postgres.binaries must be auto or bundled, not '"
                + value.toLowerCase(Locale.ROOT) + "'");
    }

    public String initdb() {
        return binDir.resolve("initdb").toString();
    }

    public String pgCtl() {
        return binDir.resolve("pg_ctl").toString();
    }

    private static int versionNumber(Path versionDir) {
        try {
            return Integer.parseInt(versionDir.getFileName().toString());
        }
        catch (NumberFormatException ex) {
            return 0;
        }
    }
}
