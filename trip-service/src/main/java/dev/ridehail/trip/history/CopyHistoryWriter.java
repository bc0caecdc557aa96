package dev.ridehail.trip.history;

import dev.ridehail.trip.trip.TripPoint;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * COPY into a session-local staging table, then one {@code INSERT ... SELECT ... ON CONFLICT DO NOTHING}. COPY has no
 * ON CONFLICT of its own, so the staging step is what keeps redelivered or retried eventIds from failing the batch.
 */
class CopyHistoryWriter implements HistoryWriter {

    // ON COMMIT DELETE ROWS: emptied by every commit and rollback, created once per pooled connection.
    private static final String CREATE_STAGING = "CREATE TEMP TABLE IF NOT EXISTS location_history_staging "
            + "(LIKE location_history INCLUDING DEFAULTS) ON COMMIT DELETE ROWS";

    private static final String COPY = "COPY location_history_staging (" + COLUMNS + ") FROM STDIN (FORMAT text)";

    private static final String MERGE = HistoryWriter.withInsertedTripPoints(
            "INSERT INTO location_history (" + COLUMNS + ") SELECT " + COLUMNS + " FROM location_history_staging");

    @Override
    public Result write(Connection connection, List<LocationUpdate> updates) throws SQLException {
        if (updates.isEmpty()) {
            return Result.empty();
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(CREATE_STAGING);
        }
        byte[] rows = textRows(updates);
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
        try {
            copy.writeToCopy(rows, 0, rows.length);
            copy.endCopy();
        }
        finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
        List<TripPoint> tripPoints = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(MERGE)) {
            int inserted = HistoryWriter.readInserted(rs, tripPoints);
            return new Result(inserted, tripPoints);
        }
    }

    // Text format needs no escaping here: ids are UUIDs or match [A-Za-z0-9_-], numbers and ISO instants are plain.
    static byte[] textRows(List<LocationUpdate> updates) {
        StringBuilder out = new StringBuilder(updates.size() * 200);
        for (LocationUpdate u : updates) {
            out.append(u.eventId()).append('\t')
                .append(u.riderId()).append('\t');
            nullable(out, u.tripId()).append('\t')
                .append(u.lat()).append('\t')
                .append(u.lon()).append('\t');
            nullable(out, u.speedMps()).append('\t');
            nullable(out, u.headingDeg()).append('\t');
            nullable(out, u.accuracyM()).append('\t')
                .append(u.recordedAt()).append('\t')
                .append(u.receivedAt()).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static StringBuilder nullable(StringBuilder out, Object value) {
        return value == null ? out.append("\\N") : out.append(value);
    }
}
