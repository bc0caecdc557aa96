package dev.ridehail.trip.trip;

import dev.ridehail.security.Caller;
import dev.ridehail.trip.config.security.TripSecurityConfiguration;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

@RestController
@RequestMapping("/api/v1/trips")
@Tag(name = "Trips", description = "Trip lifecycle, aggregates and routes")
@SecurityRequirement(name = TripSecurityConfiguration.BEARER)
class TripController {

    static final String GEO_JSON = "application/geo+json";

    private static final String OWN_TRIP_RULE = " A rider only its own trip; another rider's is 404 trip-not-found, "
            + "exactly as an unknown id.";

    private final TripService trips;

    TripController(TripService trips) {
        this.trips = trips;
    }

    @PostMapping
    @Operation(summary = "Create a trip (REQUESTED)", description = "Scope trip:write. A rider creates trips only "
            + "for itself: riderId may be left out (the token's rider is taken), another rider is 403 forbidden-rider "
            + "and nothing is stored. A token with fleet:read (operator, admin) creates them for any rider and must "
            + "name it.")
    ResponseEntity<TripResponse> create(@Valid @RequestBody CreateTripRequest request, Caller caller) {
        TripResponse created = trips.create(request, caller);
        URI location = ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").buildAndExpand(created.id()).toUri();
        return ResponseEntity.created(location).body(created);
    }

    @PostMapping("/{id}/start")
    @Operation(summary = "REQUESTED -> STARTED", description = "Scope trip:write." + OWN_TRIP_RULE)
    TripResponse start(@PathVariable UUID id, Caller caller) {
        return trips.start(id, caller);
    }

    @PostMapping("/{id}/complete")
    @Operation(summary = "STARTED -> COMPLETED", description = "Scope trip:write." + OWN_TRIP_RULE)
    TripResponse complete(@PathVariable UUID id, Caller caller) {
        return trips.complete(id, caller);
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "REQUESTED or STARTED -> CANCELLED", description = "Scope trip:write." + OWN_TRIP_RULE)
    TripResponse cancel(@PathVariable UUID id, Caller caller) {
        return trips.cancel(id, caller);
    }

    @GetMapping("/{id}")
    @Operation(summary = "A trip with its aggregates (point count, distance in metres, duration)",
            description = "Scope fleet:read, or self:read." + OWN_TRIP_RULE)
    TripResponse get(@PathVariable UUID id, Caller caller) {
        return trips.find(id, caller);
    }

    @GetMapping
    @Operation(summary = "Trips, newest first; filters combine; size is capped", description = "Scope fleet:read for "
            + "any filter. A rider (self:read) only with riderId set to its own: another riderId is 403 "
            + "forbidden-rider, no riderId 403 insufficient-scope.")
    TripPageResponse search(
            @RequestParam(required = false) @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be 1-64 characters of [A-Za-z0-9_-]") String riderId,
            @RequestParam(required = false) TripStatus status,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(required = false) @Min(1) Integer size, Caller caller) {
        return trips.search(riderId, status, from, to, page, size, caller);
    }

    @GetMapping(path = "/{id}/route", produces = { GEO_JSON, "application/json" })
    @Operation(summary = "The trip's route as a GeoJSON Feature with a LineString, optionally downsampled",
            description = "Scope fleet:read, or self:read." + OWN_TRIP_RULE)
    RouteFeature route(@PathVariable UUID id, @RequestParam(required = false) @Min(2) Integer maxPoints,
            Caller caller) {
        return trips.route(id, maxPoints, caller);
    }
}
