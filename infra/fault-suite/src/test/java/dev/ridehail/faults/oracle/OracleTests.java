package dev.ridehail.faults.oracle;

import dev.ridehail.faults.postgres.DedicatedPostgres;
import dev.ridehail.processes.PostgresCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(120)
class OracleTests {

    static PostgresCluster postgres;

    static Oracle oracle;

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @BeforeAll
    static void start() {
        postgres = DedicatedPostgres.createAndStart(
                Path.of(System.getProperty("java.io.tmpdir"), "ridehail-fault-suite-selftest-oracle-pg"), 55436);
        postgres.createDatabase("trip");
        postgres.execute("trip", """
                CREATE TABLE location_history (event_id uuid NOT NULL, rider_id varchar(64) NOT NULL,
                    recorded_at timestamptz NOT NULL)
                """);
        oracle = new Oracle(() -> {
            try {
                return postgres.connect("trip");
            }
            catch (SQLException ex) {
                throw new IllegalStateException(ex);
            }
        }, "location_history");
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @BeforeEach
    void emptyTable() {
        postgres.execute("trip", "TRUNCATE location_history");
    }

    @Test
    void shouldFindNothingWrongWhenEveryAckedUpdateIsStoredOnce() throws SQLException {
        List<SentUpdate> sent = updates("r1", 5, Outcome.ACKED);
        store(sent);

        Verdict verdict = oracle.judge(sent);

        assertThat(verdict.nothingLostOrDuplicated()).isTrue();
        assertThat(verdict.rows()).isEqualTo(5);
        assertThat(verdict.acked()).isEqualTo(5);
    }

    @Test
    void shouldCountLostDuplicateAndUnexpectedRows() throws SQLException {
        List<SentUpdate> sent = updates("r1", 5, Outcome.ACKED);
        store(sent.subList(0, 4)); // the fifth acknowledged update is lost
        store(List.of(sent.get(1))); // one stored twice
        store(List.of(new SentUpdate(UUID.randomUUID(), "r1", 99, Outcome.ACKED))); // never sent

        Verdict verdict = oracle.judge(sent);

        assertThat(verdict.lost()).isEqualTo(1);
        assertThat(verdict.sampleLost()).containsExactly(sent.get(4).eventId());
        assertThat(verdict.duplicates()).isEqualTo(1);
        assertThat(verdict.unexpected()).isEqualTo(1);
        assertThat(verdict.nothingLostOrDuplicated()).isFalse();
    }

    @Test
    void shouldNotCountRefusedOrUnknownUpdatesAsLost() throws SQLException {
        List<SentUpdate> sent = new ArrayList<>(updates("r1", 2, Outcome.REFUSED));
        sent.addAll(updates("r2", 2, Outcome.UNKNOWN));
        store(sent.subList(2, 3));

        Verdict verdict = oracle.judge(sent);

        assertThat(verdict.lost()).isZero();
        assertThat(verdict.refused()).isEqualTo(2);
        assertThat(verdict.unknown()).isEqualTo(2);
    }

    @Test
    void shouldFlagARiderWhoseStoredOrderDiffersFromSendOrder() throws SQLException {
        List<SentUpdate> sent = updates("r1", 3, Outcome.ACKED);
        // stored with the first and last update's times swapped
        insert(sent.get(0), T0.plusSeconds(10));
        insert(sent.get(1), T0.plusSeconds(1));
        insert(sent.get(2), T0.plusSeconds(0));

        assertThat(oracle.judge(sent).outOfOrderRiders()).isEqualTo(1);
    }

    static List<SentUpdate> updates(String rider, int count, Outcome outcome) {
        List<SentUpdate> updates = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            updates.add(new SentUpdate(UUID.randomUUID(), rider, i, outcome));
        }
        return updates;
    }

    static void store(List<SentUpdate> updates) throws SQLException {
        for (SentUpdate update : updates) {
            insert(update, T0.plusSeconds(update.sequence()));
        }
    }

    static void insert(SentUpdate update, Instant recordedAt) throws SQLException {
        try (Connection connection = postgres.connect("trip"); PreparedStatement statement = connection
            .prepareStatement("INSERT INTO location_history (event_id, rider_id, recorded_at) VALUES (?, ?, ?)")) {
            statement.setObject(1, update.eventId());
            statement.setString(2, update.riderId());
            statement.setTimestamp(3, Timestamp.from(recordedAt));
            statement.executeUpdate();
        }
    }
}
