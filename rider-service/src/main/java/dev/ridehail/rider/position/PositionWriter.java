package dev.ridehail.rider.position;

import dev.ridehail.contract.LocationUpdateEvent;
import dev.ridehail.offsets.LocationBatchWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What rider-service does with a poll (kafka-db-offsets runs the loop and commits the offsets in the same transaction):
 * collapses it to the newest update per rider and upserts those, so a rider reporting ten times within a poll costs one
 * row write, not ten.
 *
 * <p>One statement per batch whatever its size: the rows travel as ten arrays and are unnested server-side (a
 * multi-row VALUES would hit the driver's 32767 bind-parameter limit at ~3,000 riders). A stored position is only
 * replaced by a strictly newer one, so redelivered, duplicated and out-of-order updates never move a rider backwards.
 */
@Component
class PositionWriter implements LocationBatchWriter {

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

    private final Counter consumed;

    private final Counter collapsed;

    private final Counter written;

    PositionWriter(JdbcTemplate jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.consumed = Counter.builder("rider.positions.updates.consumed")
            .description("Valid location updates consumed (dead letters excluded)")
            .register(meters);
        this.collapsed = Counter.builder("rider.positions.rows.upserted")
            .description("Rows sent to the upsert after collapsing each batch to one update per rider")
            .register(meters);
        this.written = Counter.builder("rider.positions.rows.written")
            .description("Position rows actually inserted or replaced (older and duplicate updates write nothing)")
            .register(meters);
    }

    @Override
    public void write(List<LocationUpdateEvent> updates) {
        List<LocationUpdateEvent> latest = newestPerRider(updates);
        // Joins the batch transaction (JdbcTemplate uses its connection), so the rows commit with the offsets.
        int rows = latest.isEmpty() ? 0 : Objects.requireNonNull(jdbc.execute(upsert(latest)));
        // Counted once committed: a fenced or failed batch is redelivered and counted then.
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                consumed.increment(updates.size());
                collapsed.increment(latest.size());
                written.increment(rows);
            }
        });
    }

    /** At most one update per rider, sorted by riderId: a fixed lock order across concurrent batches. */
    private static List<LocationUpdateEvent> newestPerRider(List<LocationUpdateEvent> updates) {
        Map<String, LocationUpdateEvent> newest = new HashMap<>();
        for (LocationUpdateEvent update : updates) {
            // Strictly newer wins, so of equal recordedAt the first one stays, as the upsert does.
            newest.merge(update.riderId(), update,
                    (kept, next) -> next.recordedAt().isAfter(kept.recordedAt()) ? next : kept);
        }
        List<LocationUpdateEvent> latest = new ArrayList<>(newest.values());
        latest.sort(Comparator.comparing(LocationUpdateEvent::riderId));
        return latest;
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
