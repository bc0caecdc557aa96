package dev.ridehail.rider.registry;

public enum VehicleType {
    BICYCLE, SCOOTER, MOTORCYCLE, CAR, VAN
}
