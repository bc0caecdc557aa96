package dev.ridehail.processes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which PostgreSQL server binaries ({@code initdb}, {@code pg_ctl}) a {@link PostgresCluster} runs: the directory in
 * {@code FAULTS_PG_BIN} if set, else the newest Debian install under {@code /usr/lib/postgresql/<version>/bin}. The one
 * place that decides it, so another source of binaries is added here only.
 */
public record PostgresBinaries(Path binDir) {

    private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");

    /** The binaries to use, or a message saying what was looked for. */
    public static PostgresBinaries find() {
        return lookUp().orElseThrow(() -> new IllegalStateException("No PostgreSQL server binaries (initdb, pg_ctl)"
                + " under " + DEBIAN_ROOT + "/<version>/bin; install postgresql or set FAULTS_PG_BIN"));
    }

    public static Optional<PostgresBinaries> lookUp() {
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
