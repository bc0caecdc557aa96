package dev.ridehail.trip.history;

import java.time.Instant;
import java.util.List;

/** A rider's raw history in [from, to), oldest first; {@code truncated} when more points exist than {@code limit}. */
record TrackResponse(String riderId, Instant from, Instant to, int limit, int count, boolean truncated,
        List<TrackPoint> points) {
}
