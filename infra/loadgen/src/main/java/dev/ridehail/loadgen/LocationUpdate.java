package dev.ridehail.loadgen;

import java.time.Instant;
import java.util.UUID;

/**
 * One location update as the ingest contract accepts it ({@code POST /api/v1/locations}); the client always supplies
 * the eventId so every outcome can be traced to a row. {@code receivedAt} is server-owned and never sent.
 */
public record LocationUpdate(UUID eventId, String riderId, UUID tripId, double lat, double lon, float speedMps,
        float headingDeg, float accuracyM, Instant recordedAt) {

    /** Appends the JSON object by hand: this runs tens of thousands of times a second on a shared 2-core machine. */
    void appendJson(StringBuilder out) {
        out.append("{\"eventId\":\"").append(eventId).append("\",\"riderId\":\"").append(riderId).append('"');
        if (tripId != null) {
            out.append(",\"tripId\":\"").append(tripId).append('"');
        }
        out.append(",\"lat\":").append(lat).append(",\"lon\":").append(lon);
        out.append(",\"speedMps\":").append(speedMps).append(",\"headingDeg\":").append(headingDeg);
        out.append(",\"accuracyM\":").append(accuracyM);
        out.append(",\"recordedAt\":\"").append(recordedAt).append("\"}");
    }

    public String toJson() {
        StringBuilder out = new StringBuilder(256);
        appendJson(out);
        return out.toString();
    }
}
