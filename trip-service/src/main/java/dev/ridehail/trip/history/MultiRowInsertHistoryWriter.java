package dev.ridehail.trip.history;

import dev.ridehail.contract.LocationUpdateEvent;
import dev.ridehail.trip.trip.TripPoint;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Multi-row {@code INSERT ... VALUES (...), (...) ON CONFLICT DO NOTHING}, in chunks of a fixed row count so the
 * full-chunk statement is prepared once per connection and reused.
 */
class MultiRowInsertHistoryWriter implements HistoryWriter {

    private final int chunkRows;

    private final String fullChunkSql;

    MultiRowInsertHistoryWriter(int chunkRows) {
        this.chunkRows = chunkRows;
        this.fullChunkSql = sql(chunkRows);
    }

    @Override
    public Result write(Connection connection, List<LocationUpdateEvent> updates) throws SQLException {
        List<TripPoint> tripPoints = new ArrayList<>();
        int inserted = 0;
        for (int from = 0; from < updates.size(); from += chunkRows) {
            List<LocationUpdateEvent> chunk = updates.subList(from, Math.min(updates.size(), from + chunkRows));
            String sql = chunk.size() == chunkRows ? fullChunkSql : sql(chunk.size());
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int p = 1;
                for (LocationUpdateEvent u : chunk) {
                    statement.setObject(p++, u.eventId());
                    statement.setString(p++, u.riderId());
                    statement.setObject(p++, u.tripId(), Types.OTHER);
                    statement.setDouble(p++, u.lat());
                    statement.setDouble(p++, u.lon());
                    setReal(statement, p++, u.speedMps());
                    setReal(statement, p++, u.headingDeg());
                    setReal(statement, p++, u.accuracyM());
                    statement.setObject(p++, OffsetDateTime.ofInstant(u.recordedAt(), ZoneOffset.UTC));
                    statement.setObject(p++, OffsetDateTime.ofInstant(u.receivedAt(), ZoneOffset.UTC));
                }
                try (ResultSet rs = statement.executeQuery()) {
                    inserted += HistoryWriter.readInserted(rs, tripPoints);
                }
            }
        }
        return new Result(inserted, tripPoints);
    }

    // The columns are real (float4): the contract's doubles are narrowed here, at the write.
    private static void setReal(PreparedStatement statement, int index, Double value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.REAL);
        }
        else {
            statement.setFloat(index, value.floatValue());
        }
    }

    private static String sql(int rows) {
        StringBuilder values = new StringBuilder("INSERT INTO location_history (" + COLUMNS + ") VALUES ");
        for (int i = 0; i < rows; i++) {
            values.append(i == 0 ? "" : ",").append("(?,?,?,?,?,?,?,?,?,?)");
        }
        return HistoryWriter.withInsertedTripPoints(values.toString());
    }
}
