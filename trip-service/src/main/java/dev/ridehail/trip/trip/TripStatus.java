package dev.ridehail.trip.trip;

enum TripStatus {
    REQUESTED, STARTED, COMPLETED, CANCELLED
}
