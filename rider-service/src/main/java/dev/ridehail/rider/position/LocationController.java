package dev.ridehail.rider.position;

import dev.ridehail.rider.RiderProperties;
import dev.ridehail.rider.registry.RiderStatus;
import dev.ridehail.problems.InvalidParameterException;
import dev.ridehail.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

@RestController
@RequestMapping("/api/v1/riders")
class LocationController {

    private final PositionQueries positions;

    private final RiderProperties.Nearby limits;

    private final Clock clock;

    LocationController(PositionQueries positions, RiderProperties properties, Clock clock) {
        this.positions = positions;
        this.limits = properties.nearby();
        this.clock = clock;
    }

    @Operation(summary = "A rider's latest position", description = "Scope fleet:read, or self:read for the token's "
            + "own rider; another rider is 404 position-not-found, as a rider without a position.")
    @GetMapping("/{riderId}/location")
    LocationResponse location(@PathVariable String riderId, Caller caller) {
        // Another rider's position answers exactly as a missing one, so ids cannot be probed.
        if (!caller.mayAccessRider(riderId)) {
            throw new PositionNotFoundException(riderId);
        }
        PositionQueries.StoredPosition p = positions.latest(riderId)
            .orElseThrow(() -> new PositionNotFoundException(riderId));
        return new LocationResponse(p.riderId(), p.lat(), p.lon(), p.speedMps(), p.headingDeg(), p.accuracyM(),
                p.tripId(), p.recordedAt(), p.receivedAt(), ageSeconds(p.recordedAt(), clock.instant()));
    }

    @Operation(summary = "Riders near a point, nearest first", description = "Scope fleet:read.")
    @GetMapping("/nearby")
    NearbyResponse nearby(@RequestParam double lat, @RequestParam double lon,
            @RequestParam(required = false) Integer radiusM, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) RiderStatus status, @RequestParam(required = false) Integer maxAgeS) {
        int radius = radiusM == null ? limits.defaultRadiusM() : radiusM;
        int max = limit == null ? limits.defaultLimit() : limit;
        int maxAge = maxAgeS == null ? limits.defaultMaxAgeS() : maxAgeS;
        between("lat", lat, -90, 90);
        between("lon", lon, -180, 180);
        between("radiusM", radius, 1, limits.maxRadiusM());
        between("limit", max, 1, limits.maxLimit());
        between("maxAgeS", maxAge, 1, limits.maxMaxAgeS());
        Instant now = clock.instant();
        var riders = positions.nearby(lat, lon, radius, now.minusSeconds(maxAge), status, max)
            .stream()
            .map(row -> new NearbyResponse.NearbyRider(row.riderId(), row.lat(), row.lon(),
                    Math.round(row.distanceM() * 100) / 100.0, row.recordedAt(), ageSeconds(row.recordedAt(), now),
                    row.status(), row.status() != null))
            .toList();
        return new NearbyResponse(lat, lon, radius, maxAge, status, max, riders);
    }

    // A device clock slightly ahead (within the accepted skew) would give a negative age; report it as fresh.
    private static long ageSeconds(Instant recordedAt, Instant now) {
        return Math.max(0, Duration.between(recordedAt, now).toSeconds());
    }

    private static void between(String name, double value, double min, double max) {
        if (Double.isNaN(value) || value < min || value > max) {
            throw new InvalidParameterException(name, "must be between " + format(min) + " and " + format(max));
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
