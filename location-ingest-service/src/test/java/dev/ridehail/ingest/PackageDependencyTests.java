package dev.ridehail.ingest;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one direction between this service's feature packages: {@code location} (HTTP in, publishing) uses
 * {@code kafka} (producer and topic plumbing), never the reverse, so the two cannot form a cycle again. Read from the
 * sources, which name a class either in an import or fully qualified.
 */
class PackageDependencyTests {

    private static final Path SOURCES = Path.of("src/main/java/dev/ridehail/ingest");

    @Test
    void shouldKeepTheKafkaPackageFreeOfTheLocationPackage() throws IOException {
        assertThat(sourcesNaming("kafka", "dev.ridehail.ingest.location")).isEmpty();
    }

    @Test
    void shouldReadTheDirectionFromTheSources() throws IOException {
        assertThat(sourcesNaming("location", "dev.ridehail.ingest.kafka")).isNotEmpty();
    }

    private static List<String> sourcesNaming(String pkg, String otherPackage) throws IOException {
        try (Stream<Path> files = Files.list(SOURCES.resolve(pkg))) {
            return files.filter(file -> file.toString().endsWith(".java"))
                .filter(file -> read(file).contains(otherPackage + "."))
                .map(file -> file.getFileName().toString())
                .toList();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
