package dev.ridehail.baseline.location;

import dev.ridehail.baseline.BaselineProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * One INSERT per update in auto-commit mode, so each update is its own transaction and its own WAL flush: exactly
 * what "write every update straight into the database" costs. A retried eventId is ignored like trip-service does.
 */
@Repository
class LocationWriter {

    private final JdbcClient jdbc;

    private final String insert;

    LocationWriter(JdbcClient jdbc, BaselineProperties properties) {
        this.jdbc = jdbc;
        this.insert = "INSERT INTO " + properties.table() + " (event_id, rider_id, trip_id, lat, lon, speed_mps, "
                + "heading_deg, accuracy_m, recorded_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING";
    }

    void insert(UUID eventId, String riderId, LocationUpdateRequest update, Instant receivedAt) {
        jdbc.sql(insert)
            .params(eventId, riderId, update.tripId(), update.lat(), update.lon(), real(update.speedMps()),
                    real(update.headingDeg()), real(update.accuracyM()), Timestamp.from(update.recordedAt()),
                    Timestamp.from(receivedAt))
            .update();
    }

    private static Float real(Double value) {
        return value == null ? null : value.floatValue();
    }
}
