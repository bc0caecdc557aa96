package dev.ridehail.trip.history;

import dev.ridehail.trip.trip.TripPoint;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary COPY straight into location_history; only when that meets an eventId already stored (a client retry, or the
 * same event twice in one poll) is the batch rolled back to a savepoint and written the deduplicating way: COPY into a
 * session-local staging table, then {@code INSERT ... SELECT ... ON CONFLICT DO NOTHING}.
 *
 * <p>Duplicates are rare (offsets commit with the rows, so a redelivered batch starts after the last stored row), so
 * the common batch is written once instead of twice and needs no RETURNING: every row went in, and the trip points are
 * known without asking the database.
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

    @Override
    public Result write(Connection connection, List<LocationUpdate> updates) throws SQLException {
        if (updates.isEmpty()) {
            return Result.empty();
        }
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

    private static List<TripPoint> tripPoints(List<LocationUpdate> updates) {
        List<TripPoint> points = new ArrayList<>();
        for (LocationUpdate u : updates) {
            if (u.tripId() != null) {
                points.add(new TripPoint(u.tripId(), u.eventId(), u.lat(), u.lon(), BinaryCopyRows.stored(u.recordedAt())));
            }
        }
        return points;
    }
}
