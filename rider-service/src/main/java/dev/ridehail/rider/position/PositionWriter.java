package dev.ridehail.rider.position;

import dev.ridehail.contract.LocationUpdateEvent;
import dev.ridehail.offsets.DatabaseOffsetStore;
import dev.ridehail.rider.RiderProperties;
import org.apache.kafka.common.TopicPartition;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a batch's latest positions and the offsets they cover in one transaction.
 *
 * <p>One statement per batch whatever its size: the rows travel as ten arrays and are unnested server-side (a
 * multi-row VALUES would hit the driver's 32767 bind-parameter limit at ~3,000 riders). A stored position is only
 * replaced by a strictly newer one, so redelivered, duplicated and out-of-order updates never move a rider backwards.
 */
@Component
class PositionWriter {

    private static final String UPSERT = """
            INSERT INTO rider_positions AS stored (rider_id, lat, lon, earth_position, speed_mps, heading_deg,
                                                   accuracy_m, trip_id, event_id, recorded_at, received_at, updated_at)
            SELECT u.rider_id, u.lat, u.lon, ll_to_earth(u.lat, u.lon), u.speed_mps, u.heading_deg, u.accuracy_m,
                   u.trip_id::uuid, u.event_id::uuid, u.recorded_at::timestamptz, u.received_at::timestamptz, now()
              FROM unnest(?::text[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::text[],
                          ?::text[], ?::text[], ?::text[])
                   AS u(rider_id, lat, lon, speed_mps, heading_deg, accuracy_m, trip_id, event_id, recorded_at,
                        received_at)
            ON CONFLICT (rider_id) DO UPDATE
               SET lat = EXCLUDED.lat, lon = EXCLUDED.lon, earth_position = EXCLUDED.earth_position,
                   speed_mps = EXCLUDED.speed_mps, heading_deg = EXCLUDED.heading_deg,
                   accuracy_m = EXCLUDED.accuracy_m, trip_id = EXCLUDED.trip_id, event_id = EXCLUDED.event_id,
                   recorded_at = EXCLUDED.recorded_at, received_at = EXCLUDED.received_at, updated_at = now()
             WHERE stored.recorded_at < EXCLUDED.recorded_at
            """;

    private final JdbcTemplate jdbc;

    private final DatabaseOffsetStore offsets;

    private final String writeStatementTimeout;

    PositionWriter(JdbcTemplate jdbc, DatabaseOffsetStore offsets, RiderProperties properties) {
        this.jdbc = jdbc;
        this.offsets = offsets;
        this.writeStatementTimeout = properties.consumer().writeStatementTimeout().toMillis() + "ms";
    }

    /**
     * @param latest at most one update per rider, sorted by riderId (a fixed lock order across concurrent batches)
     * @return rows inserted or replaced
     */
    @Transactional
    int write(List<LocationUpdateEvent> latest, Map<TopicPartition, Long> nextOffsets) {
        // A locked or slow table must make the batch wait (the listener keeps its partitions), not fail and retry
        // every few seconds; the query path keeps the connection's short timeout.
        jdbc.queryForObject("SELECT set_config('statement_timeout', ?, true)", String.class, writeStatementTimeout);
        int written = latest.isEmpty() ? 0 : Objects.requireNonNull(jdbc.execute(upsert(latest)));
        offsets.commit(nextOffsets);
        return written;
    }

    private static ConnectionCallback<Integer> upsert(List<LocationUpdateEvent> latest) {
        return connection -> {
            int n = latest.size();
            String[] riderIds = new String[n];
            Double[] lats = new Double[n];
            Double[] lons = new Double[n];
            Double[] speeds = new Double[n];
            Double[] headings = new Double[n];
            Double[] accuracies = new Double[n];
            String[] tripIds = new String[n];
            String[] eventIds = new String[n];
            String[] recordedAts = new String[n];
            String[] receivedAts = new String[n];
            for (int i = 0; i < n; i++) {
                LocationUpdateEvent u = latest.get(i);
                riderIds[i] = u.riderId();
                lats[i] = u.lat();
                lons[i] = u.lon();
                speeds[i] = u.speedMps();
                headings[i] = u.headingDeg();
                accuracies[i] = u.accuracyM();
                tripIds[i] = u.tripId() == null ? null : u.tripId().toString();
                eventIds[i] = u.eventId().toString();
                recordedAts[i] = u.recordedAt().toString();
                receivedAts[i] = u.receivedAt().toString();
            }
            try (PreparedStatement statement = connection.prepareStatement(UPSERT)) {
                Object[][] columns = { riderIds, lats, lons, speeds, headings, accuracies, tripIds, eventIds,
                        recordedAts, receivedAts };
                for (int c = 0; c < columns.length; c++) {
                    statement.setArray(c + 1, array(connection, columns[c]));
                }
                return statement.executeUpdate();
            }
        };
    }

    private static Array array(Connection connection, Object[] values) throws java.sql.SQLException {
        return connection.createArrayOf(values instanceof Double[] ? "float8" : "text", values);
    }
}
