package dev.ridehail.trip.history;

import dev.ridehail.contract.LocationUpdateEvent;
import dev.ridehail.trip.trip.TripPoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Binary COPY straight into location_history; only when that meets an event already stored (a client retry whose
 * first copy went into an earlier poll) is the batch rolled back to a savepoint and written the deduplicating way: COPY
 * into a session-local staging table, then {@code INSERT ... SELECT ... ON CONFLICT DO NOTHING}. The same event twice
 * in one poll (a retry right behind its original) is dropped here before the COPY, so it never costs that detour.
 *
 * <p>Stored duplicates are rare (offsets commit with the rows, so a redelivered batch starts after the last stored
 * row), so the common batch is written once instead of twice and needs no RETURNING: every row went in, and the trip
 * points are known without asking the database.
 */
class CopyHistoryWriter implements HistoryWriter {

    private static final String UNIQUE_VIOLATION = "23505";

    private static final String COPY_DIRECT = "COPY location_history (" + COLUMNS + ") FROM STDIN (FORMAT binary)";

    // ON COMMIT DELETE ROWS: emptied by every commit and rollback, created once per pooled connection; no indexes.
    private static final String CREATE_STAGING = "CREATE TEMP TABLE IF NOT EXISTS location_history_staging "
            + "(LIKE location_history INCLUDING DEFAULTS) ON COMMIT DELETE ROWS";

    private static final String COPY_STAGING = "COPY location_history_staging (" + COLUMNS + ") FROM STDIN (FORMAT binary)";

    private static final String MERGE = HistoryWriter.withInsertedTripPoints(
            "INSERT INTO location_history (" + COLUMNS + ") SELECT " + COLUMNS + " FROM location_history_staging");

    private final Counter deduplicatingWrites;

    CopyHistoryWriter(MeterRegistry meters) {
        this.deduplicatingWrites = Counter.builder("trip.history.deduplicating.writes")
            .description("Polls that met an event already stored and were written through the staging table")
            .register(meters);
    }

    @Override
    public Result write(Connection connection, List<LocationUpdateEvent> batch) throws SQLException {
        if (batch.isEmpty()) {
            return Result.empty();
        }
        List<LocationUpdateEvent> updates = firstOfEachEvent(batch);
        byte[] rows = BinaryCopyRows.encode(updates);
        Savepoint beforeCopy = connection.setSavepoint();
        try {
            copy(connection, COPY_DIRECT, rows);
        }
        catch (SQLException ex) {
            if (!UNIQUE_VIOLATION.equals(ex.getSQLState())) {
                throw ex;
            }
            connection.rollback(beforeCopy);
            deduplicatingWrites.increment();
            return deduplicating(connection, rows);
        }
        return new Result(updates.size(), tripPoints(updates));
    }

    private static Result deduplicating(Connection connection, byte[] rows) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(CREATE_STAGING);
        }
        copy(connection, COPY_STAGING, rows);
        List<TripPoint> tripPoints = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(MERGE)) {
            int inserted = HistoryWriter.readInserted(rs, tripPoints);
            return new Result(inserted, tripPoints);
        }
    }

    private static void copy(Connection connection, String sql, byte[] rows) throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            copy.writeToCopy(rows, 0, rows.length);
            copy.endCopy();
        }
        finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /** The batch without repeats of an event, keyed like the table: eventId and recordedAt as stored. */
    private static List<LocationUpdateEvent> firstOfEachEvent(List<LocationUpdateEvent> batch) {
        Set<EventKey> seen = new HashSet<>(batch.size() * 2);
        List<LocationUpdateEvent> unique = new ArrayList<>(batch.size());
        for (LocationUpdateEvent update : batch) {
            if (seen.add(new EventKey(update.eventId(), BinaryCopyRows.stored(update.recordedAt())))) {
                unique.add(update);
            }
        }
        return unique.size() == batch.size() ? batch : unique;
    }

    private record EventKey(UUID eventId, Instant recordedAt) {
    }

    private static List<TripPoint> tripPoints(List<LocationUpdateEvent> updates) {
        List<TripPoint> points = new ArrayList<>();
        for (LocationUpdateEvent u : updates) {
            if (u.tripId() != null) {
                points.add(new TripPoint(u.tripId(), u.eventId(), u.lat(), u.lon(), BinaryCopyRows.stored(u.recordedAt())));
            }
        }
        return points;
    }
}
