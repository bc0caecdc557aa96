package dev.ridehail.localstack;

import dev.ridehail.processes.EmbeddedPostgres;
import dev.ridehail.processes.PostgresCluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which PostgreSQL server the local stack runs on: the configured one ({@code --postgres-url}, else {@code DB_URL},
 * else {@code localhost:5432}) when it answers, else an embedded PostgreSQL 17 whose data directory stays under
 * {@code infra/local-stack/target/embedded-postgres} from one run to the next ({@code --fresh} empties it first).
 *
 * @param options the stack's options, pointing at the chosen server
 * @param embedded the embedded server when it was started, to stop after the services
 * @param description one line saying which server it is, for the console
 */
record PostgresSelection(LocalStackOptions options, Optional<PostgresCluster> embedded, String description) {

    static final String EMBEDDED_DIRECTORY = "infra/local-stack/target/embedded-postgres";

    static PostgresSelection choose(LocalStackOptions options, boolean fresh) {
        Optional<String> unreachable = new PostgresDatabases(options.postgresUrl(), options.dbUsername(),
                options.dbPassword()).unreachableReason();
        if (unreachable.isEmpty()) {
            return new PostgresSelection(options, Optional.empty(), "PostgreSQL at " + options.postgresUrl()
                    + " answers (user " + options.dbUsername() + "): using it");
        }
        Path dir = embeddedDirectory(options.projectRoot());
        if (fresh) {
            deleteRecursively(dir);
        }
        boolean existed = Files.exists(dir.resolve("data/PG_VERSION"));
        PostgresCluster cluster = EmbeddedPostgres.startPersistent(dir);
        String description = "no PostgreSQL answers at " + options.postgresUrl() + " (" + unreachable.get()
                + "): using the embedded PostgreSQL 17 at " + cluster.serverUrl() + ", data in " + dir
                + (existed ? " (kept from the last run; --fresh starts empty)" : " (new)");
        return new PostgresSelection(options.withPostgres(cluster.serverUrl(), cluster.username(), cluster.password()),
                Optional.of(cluster), description);
    }

    // As root the server runs as the postgres OS user; a checkout it cannot reach keeps the data in the temporary
    // folder instead, one per checkout.
    private static Path embeddedDirectory(Path projectRoot) {
        Path inCheckout = projectRoot.resolve(EMBEDDED_DIRECTORY);
        if (PostgresCluster.serverUserCanReach(inCheckout)) {
            return inCheckout;
        }
        String checkout = Integer.toHexString(projectRoot.toAbsolutePath().normalize().toString().hashCode());
        return Path.of(System.getProperty("java.io.tmpdir"), "ridehail-local-stack-" + checkout, "embedded-postgres");
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not empty " + dir, ex);
        }
    }
}
