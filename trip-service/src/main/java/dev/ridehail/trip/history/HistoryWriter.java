package dev.ridehail.trip.history;

import dev.ridehail.contract.LocationUpdateEvent;
import dev.ridehail.trip.trip.TripPoint;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Appends a batch of updates to location_history in the caller's transaction, skipping eventIds already stored, and
 * reports which of the inserted rows belong to a trip (so the trip aggregates count each point exactly once).
 */
interface HistoryWriter {

    String COLUMNS = "event_id, rider_id, trip_id, lat, lon, speed_mps, heading_deg, accuracy_m, recorded_at, received_at";

    /**
     * Wraps an {@code INSERT ... ON CONFLICT DO NOTHING RETURNING ...}: the first row carries the number of inserted
     * rows, the others the inserted trip points. Only trip points travel back, most updates are not on a trip.
     */
    static String withInsertedTripPoints(String insert) {
        return "WITH ins AS (" + insert + " ON CONFLICT DO NOTHING RETURNING trip_id, event_id, lat, lon, recorded_at) "
                + "SELECT NULL::uuid AS trip_id, NULL::uuid AS event_id, 0::float8 AS lat, 0::float8 AS lon, "
                + "NULL::timestamptz AS recorded_at, count(*) AS inserted FROM ins "
                + "UNION ALL SELECT trip_id, event_id, lat, lon, recorded_at, 0 FROM ins WHERE trip_id IS NOT NULL";
    }

    static int readInserted(ResultSet rs, List<TripPoint> tripPoints) throws SQLException {
        int inserted = 0;
        while (rs.next()) {
            UUID tripId = rs.getObject(1, UUID.class);
            if (tripId == null) {
                inserted += rs.getInt(6);
            }
            else {
                Timestamp recordedAt = rs.getTimestamp(5);
                tripPoints.add(new TripPoint(tripId, rs.getObject(2, UUID.class), rs.getDouble(3), rs.getDouble(4),
                        recordedAt.toInstant()));
            }
        }
        return inserted;
    }

    Result write(Connection connection, List<LocationUpdateEvent> updates) throws SQLException;

    record Result(int inserted, List<TripPoint> tripPoints) {

        static Result empty() {
            return new Result(0, new ArrayList<>());
        }
    }
}
