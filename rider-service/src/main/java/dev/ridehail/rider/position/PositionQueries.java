package dev.ridehail.rider.position;

import dev.ridehail.contract.Earth;
import dev.ridehail.rider.registry.RiderStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

@Repository
class PositionQueries {

    /**
     * Answered by the GiST index on earth_position in two ways at once: earth_box(...) @> earth_position bounds the
     * scan to a cube around the circle, and ORDER BY earth_position <-> centre walks the index nearest first (a KNN
     * scan), so the scan stops after {@code limit} matches instead of sorting every rider in the box. {@code <->} is the
     * straight-line (chord) distance, which orders exactly like the great-circle distance; earth_distance gives the
     * great-circle metres and the exact radius test. earthdistance measures on its own sphere (earth() = 6 378 168 m,
     * the equatorial radius); distances scale with the radius, so multiplying by MEAN_RADIUS / earth() (and dividing the
     * radius by it) reports them on {@link Earth}'s mean radius, the one trip-service measures routes on. Without a status filter,
     * riders that send positions but are not registered are included (status null); with one, only registered riders
     * in that status match.
     */
    private static final String TO_MEAN_RADIUS = "(" + Earth.MEAN_RADIUS_M + " / earth())";

    static final String NEARBY = """
            SELECT p.rider_id, p.lat, p.lon, p.recorded_at, r.status,
                   earth_distance(ll_to_earth(:lat, :lon), p.earth_position) * %1$s AS distance_m
              FROM rider_positions p
              LEFT JOIN riders r ON r.rider_id = p.rider_id
             WHERE earth_box(ll_to_earth(:lat, :lon), :radius / %1$s) @> p.earth_position
               AND earth_distance(ll_to_earth(:lat, :lon), p.earth_position) <= :radius / %1$s
               AND p.recorded_at >= :since
               AND (CAST(:status AS text) IS NULL OR r.status = CAST(:status AS text))
             ORDER BY p.earth_position <-> ll_to_earth(:lat, :lon)
             LIMIT :limit
            """.formatted(TO_MEAN_RADIUS);

    private final JdbcClient jdbc;

    PositionQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record StoredPosition(String riderId, double lat, double lon, Double speedMps, Double headingDeg,
            Double accuracyM, String tripId, Instant recordedAt, Instant receivedAt) {
    }

    record NearbyRow(String riderId, double lat, double lon, Instant recordedAt, RiderStatus status,
            double distanceM) {
    }

    Optional<StoredPosition> latest(String riderId) {
        return jdbc.sql("""
                SELECT rider_id, lat, lon, speed_mps, heading_deg, accuracy_m, trip_id, recorded_at, received_at
                  FROM rider_positions WHERE rider_id = :riderId
                """)
            .param("riderId", riderId)
            .query((rs, rowNum) -> new StoredPosition(rs.getString("rider_id"), rs.getDouble("lat"),
                    rs.getDouble("lon"), (Double) rs.getObject("speed_mps"), (Double) rs.getObject("heading_deg"),
                    (Double) rs.getObject("accuracy_m"), rs.getString("trip_id"), instant(rs, "recorded_at"),
                    instant(rs, "received_at")))
            .optional();
    }

    List<NearbyRow> nearby(double lat, double lon, double radiusM, Instant since, RiderStatus status, int limit) {
        return jdbc.sql(NEARBY)
            .param("lat", lat)
            .param("lon", lon)
            .param("radius", radiusM)
            .param("since", OffsetDateTime.ofInstant(since, ZoneOffset.UTC))
            .param("status", status == null ? null : status.name())
            .param("limit", limit)
            .query((rs, rowNum) -> new NearbyRow(rs.getString("rider_id"), rs.getDouble("lat"), rs.getDouble("lon"),
                    instant(rs, "recorded_at"),
                    rs.getString("status") == null ? null : RiderStatus.valueOf(rs.getString("status")),
                    rs.getDouble("distance_m")))
            .list();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
