package dev.ridehail.rider.registry;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Registration. {@code riderId} is optional: a client that already sends location updates under its own id supplies
 * it (so earlier positions attach to the new registration); otherwise a UUID is assigned.
 */
record CreateRiderRequest(
        @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'") String riderId,
        @NotBlank @Size(max = 200) String name,
        @NotNull VehicleType vehicleType,
        @NotBlank @Size(max = 20) @Pattern(regexp = "[A-Za-z0-9 -]*[A-Za-z0-9][A-Za-z0-9 -]*",
                message = "must contain letters or digits, optionally separated by spaces or '-'") String plate,
        @Size(max = 32) @Pattern(regexp = "\\+?[0-9][0-9 ()-]{2,31}", message = "must be a phone number such as +49 30 1234567") String phone) {
}
