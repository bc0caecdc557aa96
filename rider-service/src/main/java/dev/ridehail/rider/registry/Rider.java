package dev.ridehail.rider.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;

@Entity
@Table(name = "riders")
class Rider {

    @Id
    @Column(name = "rider_id")
    private String riderId;

    private String name;

    @Enumerated(EnumType.STRING)
    @Column(name = "vehicle_type")
    private VehicleType vehicleType;

    private String plate;

    @Column(name = "plate_normalized")
    private String plateNormalized;

    private String phone;

    @Enumerated(EnumType.STRING)
    private RiderStatus status;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    // Null until persisted: with an assigned id this is how Spring Data tells a new rider from an existing one, so a
    // duplicate id fails on the primary key instead of being merged over the existing rider.
    @Version
    private Long version;

    protected Rider() {
    }

    Rider(String riderId, String name, VehicleType vehicleType, String plate, String phone, Instant now) {
        this.riderId = riderId;
        this.name = name;
        this.vehicleType = vehicleType;
        this.plate = plate;
        this.plateNormalized = Plates.normalize(plate);
        this.phone = phone;
        this.status = RiderStatus.OFFLINE;
        this.createdAt = now;
        this.updatedAt = now;
    }

    void changeStatus(RiderStatus newStatus, Instant now) {
        if (status != newStatus) {
            status = newStatus;
            updatedAt = now;
        }
    }

    String riderId() {
        return riderId;
    }

    String name() {
        return name;
    }

    VehicleType vehicleType() {
        return vehicleType;
    }

    String plate() {
        return plate;
    }

    String phone() {
        return phone;
    }

    RiderStatus status() {
        return status;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant updatedAt() {
        return updatedAt;
    }
}
