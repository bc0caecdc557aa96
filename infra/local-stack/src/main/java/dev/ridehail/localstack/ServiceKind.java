package dev.ridehail.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The three services: their Maven module (= application name), default port (its actuator's port is 1000 above) and
 * database (if any).
 */
public enum ServiceKind {

    INGEST("location-ingest-service", 8081, null),

    RIDER("rider-service", 8082, "rider"),

    TRIP("trip-service", 8083, "trip");

    private final String module;

    private final int defaultPort;

    private final String defaultDatabase;

    ServiceKind(String module, int defaultPort, String defaultDatabase) {
        this.module = module;
        this.defaultPort = defaultPort;
        this.defaultDatabase = defaultDatabase;
    }

    public String module() {
        return module;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** The actuator's port when run.sh and compose give it one of its own ({@code MANAGEMENT_PORT}). */
    public int defaultManagementPort() {
        return defaultPort + 1000;
    }

    public Optional<String> defaultDatabase() {
        return Optional.ofNullable(defaultDatabase);
    }

    public boolean consumer() {
        return this != INGEST;
    }

    /** The executable (Boot-repackaged) jar of this module under {@code <root>/<module>/target}, if built. */
    public Optional<Path> findJar(Path projectRoot) {
        Path target = projectRoot.resolve(module).resolve("target");
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(file -> {
                String name = file.getFileName().toString();
                return name.startsWith(module + "-") && name.endsWith(".jar") && !name.endsWith("-plain.jar")
                        && !name.endsWith("-sources.jar") && !name.endsWith("-javadoc.jar");
            }).max(Comparator.comparing(file -> file.toFile().lastModified()));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
