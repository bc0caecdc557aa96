package dev.ridehail.rider.registry;

import jakarta.validation.constraints.NotNull;

record UpdateStatusRequest(@NotNull RiderStatus status) {
}
