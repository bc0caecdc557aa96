package dev.ridehail.trip.trip;

import dev.ridehail.trip.TripProperties;
import dev.ridehail.problems.InvalidFieldException;
import dev.ridehail.problems.InvalidParameterException;
import dev.ridehail.security.Caller;
import jakarta.persistence.EntityManager;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * The trips, seen through the caller's token: a fleet reader sees and changes every trip, anyone else only its own
 * rider's. Another rider's trip answers exactly as an unknown id, so trip ids cannot be probed.
 */
@Service
class TripService {

    private final TripRepository trips;

    private final TripAggregates aggregates;

    private final EntityManager entityManager;

    private final JdbcClient jdbc;

    private final TripProperties.Query limits;

    TripService(TripRepository trips, TripAggregates aggregates, EntityManager entityManager, JdbcClient jdbc,
            TripProperties properties) {
        this.trips = trips;
        this.aggregates = aggregates;
        this.entityManager = entityManager;
        this.jdbc = jdbc;
        this.limits = properties.query();
    }

    @Transactional
    TripResponse create(CreateTripRequest request, Caller caller) {
        // Before anything is looked up or written: a rider naming another rider learns nothing and changes nothing.
        String riderId = caller.canReadFleet() ? request.riderId() : caller.riderIdFor(request.riderId());
        if (riderId == null) {
            throw new InvalidFieldException("riderId", "must not be null");
        }
        UUID id = request.tripId() != null ? request.tripId() : UUID.randomUUID();
        if (trips.existsById(id)) {
            throw new TripAlreadyExistsException(id);
        }
        Trip trip = new Trip(id, riderId, request.pickup().lat(), request.pickup().lon(),
                request.dropoff().lat(), request.dropoff().lon(), now());
        entityManager.persist(trip);
        entityManager.flush();
        // Points published with this id before the trip existed are already in history.
        aggregates.lockAndRecompute(id);
        entityManager.refresh(trip);
        return TripResponse.of(trip, now());
    }

    @Transactional
    TripResponse start(UUID id, Caller caller) {
        return transition(id, caller, Trip::start);
    }

    @Transactional
    TripResponse complete(UUID id, Caller caller) {
        return transition(id, caller, Trip::complete);
    }

    @Transactional
    TripResponse cancel(UUID id, Caller caller) {
        return transition(id, caller, Trip::cancel);
    }

    @Transactional(readOnly = true)
    TripResponse find(UUID id, Caller caller) {
        return TripResponse.of(visible(trips.findById(id), id, caller), now());
    }

    /**
     * A caller without fleet:read lists only its own rider's trips: another {@code riderId} is refused
     * (403 forbidden-rider), none means its own (the endpoint's rule already requires one).
     */
    @Transactional(readOnly = true)
    TripPageResponse search(String requestedRiderId, TripStatus status, Instant from, Instant to, int page,
            Integer size, Caller caller) {
        String riderId = caller.canReadFleet() ? requestedRiderId : caller.riderIdFor(requestedRiderId);
        if (from != null && to != null && from.isAfter(to)) {
            throw new InvalidParameterException("from", "must not be after 'to'");
        }
        int pageSize = size == null ? limits.defaultPageSize() : Math.min(size, limits.maxPageSize());
        Specification<Trip> where = (root, query, cb) -> cb.conjunction();
        if (riderId != null) {
            where = where.and((root, query, cb) -> cb.equal(root.get("riderId"), riderId));
        }
        if (status != null) {
            where = where.and((root, query, cb) -> cb.equal(root.get("status"), status));
        }
        if (from != null) {
            where = where.and((root, query, cb) -> cb.greaterThanOrEqualTo(root.get("requestedAt"), from));
        }
        if (to != null) {
            where = where.and((root, query, cb) -> cb.lessThan(root.get("requestedAt"), to));
        }
        Sort newestFirst = Sort.by(Sort.Order.desc("requestedAt"), Sort.Order.desc("id"));
        Page<Trip> result = trips.findAll(where, PageRequest.of(page, pageSize, newestFirst));
        Instant now = now();
        return new TripPageResponse(result.map(trip -> TripResponse.of(trip, now)).getContent(), page, pageSize,
                result.getTotalElements(), result.getTotalPages());
    }

    @Transactional(readOnly = true)
    RouteFeature route(UUID id, Integer maxPoints, Caller caller) {
        Trip trip = visible(trips.findById(id), id, caller);
        int limit = maxPoints == null ? limits.maxRoutePoints() : Math.min(maxPoints, limits.maxRoutePoints());
        List<double[]> points = trip.getFirstRecordedAt() == null ? List.of() : jdbc.sql("""
                SELECT lon, lat FROM location_history
                 WHERE trip_id = :id AND recorded_at BETWEEN :first AND :last
                 ORDER BY recorded_at, event_id
                """)
            .param("id", id)
            .param("first", utc(trip.getFirstRecordedAt()))
            .param("last", utc(trip.getLastRecordedAt()))
            .query((rs, n) -> new double[] { rs.getDouble(1), rs.getDouble(2) })
            .list();
        List<double[]> coordinates = downsample(points, limit);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("tripId", trip.getId());
        properties.put("riderId", trip.getRiderId());
        properties.put("status", trip.getStatus());
        properties.put("pointCount", trip.getPointCount());
        properties.put("returnedPoints", coordinates.size());
        properties.put("distanceMeters", trip.getDistanceM());
        properties.put("firstRecordedAt", trip.getFirstRecordedAt());
        properties.put("lastRecordedAt", trip.getLastRecordedAt());
        return RouteFeature.of(coordinates, properties);
    }

    /** Evenly spaced points, always keeping the first and the last. */
    static List<double[]> downsample(List<double[]> points, int maxPoints) {
        int n = points.size();
        if (n <= maxPoints) {
            return points;
        }
        List<double[]> kept = new ArrayList<>(maxPoints);
        for (int i = 0; i < maxPoints; i++) {
            kept.add(points.get((int) Math.round((double) i * (n - 1) / (maxPoints - 1))));
        }
        return kept;
    }

    // The ownership check comes before the state check: another rider's trip is 404 even where the move is illegal.
    private TripResponse transition(UUID id, Caller caller, BiConsumer<Trip, Instant> change) {
        Trip trip = visible(trips.findForUpdate(id), id, caller);
        Instant now = now();
        change.accept(trip, now);
        return TripResponse.of(trip, now);
    }

    /** The one ownership check: another rider's trip is as unknown as a missing one. */
    private static Trip visible(Optional<Trip> found, UUID id, Caller caller) {
        return found.filter(trip -> caller.mayAccessRider(trip.getRiderId()))
            .orElseThrow(() -> new TripNotFoundException(id));
    }

    // PostgreSQL keeps microseconds; answering with the stored precision makes POST and GET agree.
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
