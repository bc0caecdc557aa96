package dev.ridehail.trip.trip;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;

import java.time.Instant;
import java.util.UUID;

/**
 * A trip and its lifecycle. The aggregate columns are written only by {@link TripAggregates} (plain SQL in the batch
 * transaction), never by JPA: they are read-only here, and {@link DynamicUpdate} keeps a status change from writing
 * back stale copies of them.
 */
@Entity
@Table(name = "trips")
@DynamicUpdate
class Trip {

    @Id
    private UUID id;

    @Column(name = "rider_id", nullable = false, updatable = false)
    private String riderId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private TripStatus status;

    @Column(name = "pickup_lat", nullable = false, updatable = false)
    private double pickupLat;

    @Column(name = "pickup_lon", nullable = false, updatable = false)
    private double pickupLon;

    @Column(name = "dropoff_lat", nullable = false, updatable = false)
    private double dropoffLat;

    @Column(name = "dropoff_lon", nullable = false, updatable = false)
    private double dropoffLon;

    @Column(name = "requested_at", nullable = false, updatable = false)
    private Instant requestedAt;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "completed_at")
    private Instant completedAt;

    @Column(name = "cancelled_at")
    private Instant cancelledAt;

    @Column(name = "point_count", insertable = false, updatable = false)
    private long pointCount;

    @Column(name = "distance_m", insertable = false, updatable = false)
    private double distanceM;

    @Column(name = "first_lat", insertable = false, updatable = false)
    private Double firstLat;

    @Column(name = "first_lon", insertable = false, updatable = false)
    private Double firstLon;

    @Column(name = "first_recorded_at", insertable = false, updatable = false)
    private Instant firstRecordedAt;

    @Column(name = "last_lat", insertable = false, updatable = false)
    private Double lastLat;

    @Column(name = "last_lon", insertable = false, updatable = false)
    private Double lastLon;

    @Column(name = "last_recorded_at", insertable = false, updatable = false)
    private Instant lastRecordedAt;

    protected Trip() {
    }

    Trip(UUID id, String riderId, double pickupLat, double pickupLon, double dropoffLat, double dropoffLon,
            Instant requestedAt) {
        this.id = id;
        this.riderId = riderId;
        this.status = TripStatus.REQUESTED;
        this.pickupLat = pickupLat;
        this.pickupLon = pickupLon;
        this.dropoffLat = dropoffLat;
        this.dropoffLon = dropoffLon;
        this.requestedAt = requestedAt;
    }

    void start(Instant at) {
        requireStatus(TripStatus.STARTED, TripStatus.REQUESTED);
        status = TripStatus.STARTED;
        startedAt = at;
    }

    void complete(Instant at) {
        requireStatus(TripStatus.COMPLETED, TripStatus.STARTED);
        status = TripStatus.COMPLETED;
        completedAt = at;
    }

    void cancel(Instant at) {
        requireStatus(TripStatus.CANCELLED, TripStatus.REQUESTED, TripStatus.STARTED);
        status = TripStatus.CANCELLED;
        cancelledAt = at;
    }

    private void requireStatus(TripStatus target, TripStatus... allowedFrom) {
        for (TripStatus allowed : allowedFrom) {
            if (status == allowed) {
                return;
            }
        }
        throw new IllegalTripTransitionException(id, status, target);
    }

    UUID getId() {
        return id;
    }

    String getRiderId() {
        return riderId;
    }

    TripStatus getStatus() {
        return status;
    }

    double getPickupLat() {
        return pickupLat;
    }

    double getPickupLon() {
        return pickupLon;
    }

    double getDropoffLat() {
        return dropoffLat;
    }

    double getDropoffLon() {
        return dropoffLon;
    }

    Instant getRequestedAt() {
        return requestedAt;
    }

    Instant getStartedAt() {
        return startedAt;
    }

    Instant getCompletedAt() {
        return completedAt;
    }

    Instant getCancelledAt() {
        return cancelledAt;
    }

    long getPointCount() {
        return pointCount;
    }

    double getDistanceM() {
        return distanceM;
    }

    Double getFirstLat() {
        return firstLat;
    }

    Double getFirstLon() {
        return firstLon;
    }

    Instant getFirstRecordedAt() {
        return firstRecordedAt;
    }

    Double getLastLat() {
        return lastLat;
    }

    Double getLastLon() {
        return lastLon;
    }

    Instant getLastRecordedAt() {
        return lastRecordedAt;
    }
}
