package dev.ridehail.trip.history;

import dev.ridehail.contract.LocationUpdateEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.LongFunction;

/**
 * The service's binary COPY encoding, opened to the benchmark (another package) so its raw-COPY ceiling sends exactly
 * the bytes the consumer sends.
 */
public final class HistoryCopyRows {

    private HistoryCopyRows() {
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive) as one COPY payload. */
    public static byte[] binary(long from, long to, LongFunction<Row> row) {
        List<LocationUpdateEvent> updates = new ArrayList<>((int) (to - from));
        for (long n = from; n < to; n++) {
            Row r = row.apply(n);
            updates.add(new LocationUpdateEvent(LocationUpdateEvent.SCHEMA_VERSION, r.eventId(), r.riderId(), r.tripId(), r.lat(),
                    r.lon(), r.speedMps(), r.headingDeg(), r.accuracyM(), r.recordedAt(), r.receivedAt()));
        }
        return BinaryCopyRows.encode(updates);
    }

    public record Row(UUID eventId, String riderId, UUID tripId, double lat, double lon, Double speedMps,
            Double headingDeg, Double accuracyM, Instant recordedAt, Instant receivedAt) {
    }
}
