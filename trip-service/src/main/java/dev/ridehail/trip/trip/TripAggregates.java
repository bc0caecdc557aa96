package dev.ridehail.trip.trip;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Keeps each trip's point count, distance and first/last position in step with location_history, in the transaction
 * that writes the points.
 *
 * <p>Points that arrive after the trip's last known point extend the aggregates incrementally; a point older than
 * the last one (out-of-order arrival) makes the trip's aggregates be recomputed from its history, so the distance is
 * always the haversine sum in recordedAt order. Points for a trip not created yet just stay in history: creating the
 * trip recomputes from history. A transaction-scoped advisory lock per trip id not yet in the table serialises the
 * writer and trip creation, so neither can miss the other's uncommitted work; trips already in the table are
 * serialised by their row lock.
 */
@Component
public class TripAggregates {

    private static final Comparator<TripPoint> IN_ORDER = Comparator.comparing(TripPoint::recordedAt)
        .thenComparing(TripPoint::eventId);

    private static final String HAVERSINE_SQL = "2 * " + Haversine.EARTH_RADIUS_M
            + " * asin(least(1.0, sqrt(power(sin(radians(lat - prev_lat) / 2), 2)"
            + " + cos(radians(prev_lat)) * cos(radians(lat)) * power(sin(radians(lon - prev_lon) / 2), 2))))";

    private static final String RECOMPUTE = """
            WITH pts AS (
                SELECT h.trip_id, h.lat, h.lon, h.recorded_at,
                       lag(h.lat) OVER w AS prev_lat, lag(h.lon) OVER w AS prev_lon,
                       row_number() OVER w AS rn, count(*) OVER (PARTITION BY h.trip_id) AS n
                  FROM location_history h
                 WHERE h.trip_id = ANY(CAST(:ids AS uuid[]))
                WINDOW w AS (PARTITION BY h.trip_id ORDER BY h.recorded_at, h.event_id)
            ), agg AS (
                SELECT trip_id, count(*) AS cnt,
                       coalesce(sum(CASE WHEN prev_lat IS NULL THEN 0 ELSE %s END), 0) AS dist,
                       max(lat) FILTER (WHERE rn = 1) AS first_lat, max(lon) FILTER (WHERE rn = 1) AS first_lon,
                       max(recorded_at) FILTER (WHERE rn = 1) AS first_at,
                       max(lat) FILTER (WHERE rn = n) AS last_lat, max(lon) FILTER (WHERE rn = n) AS last_lon,
                       max(recorded_at) FILTER (WHERE rn = n) AS last_at
                  FROM pts GROUP BY trip_id
            )
            UPDATE trips t
               SET point_count = agg.cnt, distance_m = agg.dist,
                   first_lat = agg.first_lat, first_lon = agg.first_lon, first_recorded_at = agg.first_at,
                   last_lat = agg.last_lat, last_lon = agg.last_lon, last_recorded_at = agg.last_at
              FROM agg
             WHERE t.id = agg.trip_id
            """.formatted(HAVERSINE_SQL);

    private final JdbcClient jdbc;

    TripAggregates(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Attaches newly inserted points to their trips. Must run inside the batch transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void attach(List<TripPoint> inserted) {
        if (inserted.isEmpty()) {
            return;
        }
        Map<UUID, List<TripPoint>> byTrip = inserted.stream()
            .collect(Collectors.groupingBy(TripPoint::tripId, TreeMap::new, Collectors.toList()));
        // Only trips not in the table yet need the advisory lock (against a creation in flight); a trip that is
        // visible was created and recomputed already, and its row lock below serialises everything else. Locking
        // every trip of a large poll would fill PostgreSQL's shared lock table (max_locks_per_transaction).
        List<UUID> known = jdbc.sql("SELECT id FROM trips WHERE id = ANY(CAST(:ids AS uuid[]))")
            .param("ids", texts(byTrip.keySet()))
            .query(UUID.class)
            .list();
        Set<UUID> unknown = new TreeSet<>(byTrip.keySet());
        known.forEach(unknown::remove);
        lock(unknown);
        List<Current> current = jdbc.sql("""
                SELECT id, last_lat, last_lon, last_recorded_at FROM trips
                 WHERE id = ANY(CAST(:ids AS uuid[])) ORDER BY id FOR UPDATE
                """)
            .param("ids", texts(byTrip.keySet()))
            .query((rs, n) -> new Current(rs.getObject("id", UUID.class), (Double) rs.getObject("last_lat"),
                    (Double) rs.getObject("last_lon"), instant(rs.getObject("last_recorded_at", OffsetDateTime.class))))
            .list();
        List<UUID> recompute = new ArrayList<>();
        List<Extension> extensions = new ArrayList<>();
        for (Current trip : current) {
            List<TripPoint> points = byTrip.get(trip.id());
            points.sort(IN_ORDER);
            TripPoint first = points.getFirst();
            if (trip.lastAt() != null && !first.recordedAt().isAfter(trip.lastAt())) {
                recompute.add(trip.id());
                continue;
            }
            extensions.add(extension(trip, points));
        }
        extend(extensions);
        recompute(recompute);
    }

    /** Locks the trip against concurrent attaching and recomputes its aggregates from history. */
    @Transactional(propagation = Propagation.MANDATORY)
    void lockAndRecompute(UUID tripId) {
        lock(List.of(tripId));
        recompute(List.of(tripId));
    }

    private static Extension extension(Current trip, List<TripPoint> points) {
        double distance = 0;
        TripPoint previous = null;
        for (TripPoint point : points) {
            if (previous != null) {
                distance += Haversine.metres(previous.lat(), previous.lon(), point.lat(), point.lon());
            }
            previous = point;
        }
        TripPoint first = points.getFirst();
        if (trip.lastAt() != null) {
            distance += Haversine.metres(trip.lastLat(), trip.lastLon(), first.lat(), first.lon());
        }
        return new Extension(trip.id(), points.size(), distance, first, points.getLast());
    }

    // One statement for all trips of the batch: a statement per trip would make this a per-row cost again.
    private void extend(List<Extension> extensions) {
        if (extensions.isEmpty()) {
            return;
        }
        int n = extensions.size();
        String[] ids = new String[n];
        Long[] counts = new Long[n];
        Double[] distances = new Double[n];
        Double[] firstLats = new Double[n];
        Double[] firstLons = new Double[n];
        String[] firstAts = new String[n];
        Double[] lastLats = new Double[n];
        Double[] lastLons = new Double[n];
        String[] lastAts = new String[n];
        for (int i = 0; i < n; i++) {
            Extension e = extensions.get(i);
            ids[i] = e.tripId().toString();
            counts[i] = (long) e.count();
            distances[i] = e.distance();
            firstLats[i] = e.first().lat();
            firstLons[i] = e.first().lon();
            firstAts[i] = e.first().recordedAt().toString();
            lastLats[i] = e.last().lat();
            lastLons[i] = e.last().lon();
            lastAts[i] = e.last().recordedAt().toString();
        }
        jdbc.sql("""
                UPDATE trips t
                   SET point_count = t.point_count + v.cnt, distance_m = t.distance_m + v.dist,
                       first_lat = coalesce(t.first_lat, v.first_lat), first_lon = coalesce(t.first_lon, v.first_lon),
                       first_recorded_at = coalesce(t.first_recorded_at, v.first_at),
                       last_lat = v.last_lat, last_lon = v.last_lon, last_recorded_at = v.last_at
                  FROM unnest(CAST(:ids AS uuid[]), CAST(:counts AS bigint[]), CAST(:distances AS float8[]),
                              CAST(:firstLats AS float8[]), CAST(:firstLons AS float8[]), CAST(:firstAts AS timestamptz[]),
                              CAST(:lastLats AS float8[]), CAST(:lastLons AS float8[]), CAST(:lastAts AS timestamptz[]))
                       AS v(id, cnt, dist, first_lat, first_lon, first_at, last_lat, last_lon, last_at)
                 WHERE t.id = v.id
                """)
            .param("ids", ids)
            .param("counts", counts)
            .param("distances", distances)
            .param("firstLats", firstLats)
            .param("firstLons", firstLons)
            .param("firstAts", firstAts)
            .param("lastLats", lastLats)
            .param("lastLons", lastLons)
            .param("lastAts", lastAts)
            .update();
    }

    private void recompute(Collection<UUID> tripIds) {
        if (tripIds.isEmpty()) {
            return;
        }
        jdbc.sql(RECOMPUTE).param("ids", texts(tripIds)).update();
    }

    // Sorted, so two transactions locking overlapping trips cannot deadlock.
    private void lock(Collection<UUID> tripIds) {
        if (tripIds.isEmpty()) {
            return;
        }
        Long[] keys = tripIds.stream().map(TripAggregates::lockKey).sorted().toArray(Long[]::new);
        jdbc.sql("SELECT pg_advisory_xact_lock(k) FROM (SELECT k FROM unnest(CAST(:keys AS bigint[])) AS k ORDER BY k OFFSET 0) s")
            .param("keys", keys)
            .query((rs, n) -> n)
            .list();
    }

    // pgjdbc binds String[] natively; the SQL casts it to uuid[].
    private static String[] texts(Collection<UUID> ids) {
        return ids.stream().map(UUID::toString).toArray(String[]::new);
    }

    private static long lockKey(UUID tripId) {
        return tripId.getMostSignificantBits() ^ tripId.getLeastSignificantBits();
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    private record Current(UUID id, Double lastLat, Double lastLon, Instant lastAt) {
    }

    private record Extension(UUID tripId, int count, double distance, TripPoint first, TripPoint last) {
    }
}
