package dev.ridehail.processes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(300)
class EmbeddedPostgresTests {

    static final Path BASE = Path.of(System.getProperty("java.io.tmpdir"), "ridehail-processes-embedded-pg");

    @Test
    void shouldRunPostgres17WithTheExtensionsTheServicesNeedAndSurviveKillMinusNine() {
        Path base = BASE.resolve("temporary");
        try (PostgresCluster postgres = EmbeddedPostgres.startTemporary(base)) {
            assertThat(postgres.queryString("postgres", "SHOW server_version")).startsWith("17.");
            postgres.createDatabase("geo");
            postgres.execute("geo", "CREATE EXTENSION cube");
            postgres.execute("geo", "CREATE EXTENSION earthdistance");
            // Paris to London along the earth's surface, about 344 km.
            String metres = postgres.queryString("geo",
                    "SELECT round(earth_distance(ll_to_earth(48.8566, 2.3522), ll_to_earth(51.5074, -0.1278)))");
            assertThat(Double.parseDouble(metres)).isBetween(340_000.0, 350_000.0);
            postgres.execute("geo", "CREATE TABLE t AS SELECT generate_series(1, 100) AS id");

            postgres.kill();
            postgres.start();

            assertThat(postgres.queryString("geo", "SELECT count(*) FROM t")).isEqualTo("100");
        }
        assertThat(base).doesNotExist();
    }

    @Test
    void shouldKeepDatabasesOfAPersistentServerFromOneStartToTheNext() {
        Path base = BASE.resolve("persistent");
        try (PostgresCluster first = EmbeddedPostgres.startPersistent(base)) {
            first.createDatabase("kept");
            first.execute("kept", "CREATE TABLE t AS SELECT generate_series(1, 7) AS id");
        }
        try (PostgresCluster second = EmbeddedPostgres.startPersistent(base)) {
            assertThat(second.queryString("kept", "SELECT count(*) FROM t")).isEqualTo("7");
            second.execute("postgres", "DROP DATABASE kept");
        }
        assertThat(base.resolve("data/PG_VERSION")).exists();
    }
}
