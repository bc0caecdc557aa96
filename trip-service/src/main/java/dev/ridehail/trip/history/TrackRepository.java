package dev.ridehail.trip.history;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** Reads a rider's raw history; the controller decides the window and the limit. */
@Repository
class TrackRepository {

    private final JdbcClient jdbc;

    TrackRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** At most {@code limit} points of the rider in [from, to), oldest first. */
    List<TrackPoint> points(String riderId, Instant from, Instant to, int limit) {
        return jdbc.sql("""
                SELECT event_id, trip_id, lat, lon, speed_mps, heading_deg, accuracy_m, recorded_at, received_at
                  FROM location_history
                 WHERE rider_id = :rider AND recorded_at >= :from AND recorded_at < :to
                 ORDER BY recorded_at, event_id
                 LIMIT :limit
                """)
            .param("rider", riderId)
            .param("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC))
            .param("to", OffsetDateTime.ofInstant(to, ZoneOffset.UTC))
            .param("limit", limit)
            .query(TrackRepository::point)
            .list();
    }

    private static TrackPoint point(ResultSet rs, int row) throws SQLException {
        return new TrackPoint(rs.getObject("event_id", UUID.class), rs.getObject("trip_id", UUID.class),
                rs.getDouble("lat"), rs.getDouble("lon"), (Float) rs.getObject("speed_mps"),
                (Float) rs.getObject("heading_deg"), (Float) rs.getObject("accuracy_m"),
                rs.getObject("recorded_at", OffsetDateTime.class).toInstant(),
                rs.getObject("received_at", OffsetDateTime.class).toInstant());
    }
}
