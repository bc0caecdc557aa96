package dev.ridehail.rider.registry;

import java.time.Instant;

record RiderResponse(String riderId, String name, VehicleType vehicleType, String plate, String phone,
        RiderStatus status, Instant createdAt, Instant updatedAt) {

    static RiderResponse of(Rider rider) {
        return new RiderResponse(rider.riderId(), rider.name(), rider.vehicleType(), rider.plate(), rider.phone(),
                rider.status(), rider.createdAt(), rider.updatedAt());
    }
}
