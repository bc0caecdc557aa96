package dev.ridehail.rider.registry;

public enum RiderStatus {
    AVAILABLE, ON_TRIP, OFFLINE
}
