package dev.ridehail.trip.trip;

import io.swagger.v3.oas.annotations.Operation;
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
class TripController {

    static final String GEO_JSON = "application/geo+json";

    private final TripService trips;

    TripController(TripService trips) {
        this.trips = trips;
    }

    @PostMapping
    @Operation(summary = "Create a trip (REQUESTED)")
    ResponseEntity<TripResponse> create(@Valid @RequestBody CreateTripRequest request) {
        TripResponse created = trips.create(request);
        URI location = ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").buildAndExpand(created.id()).toUri();
        return ResponseEntity.created(location).body(created);
    }

    @PostMapping("/{id}/start")
    @Operation(summary = "REQUESTED -> STARTED")
    TripResponse start(@PathVariable UUID id) {
        return trips.start(id);
    }

    @PostMapping("/{id}/complete")
    @Operation(summary = "STARTED -> COMPLETED")
    TripResponse complete(@PathVariable UUID id) {
        return trips.complete(id);
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "REQUESTED or STARTED -> CANCELLED")
    TripResponse cancel(@PathVariable UUID id) {
        return trips.cancel(id);
    }

    @GetMapping("/{id}")
    @Operation(summary = "A trip with its aggregates (point count, distance in metres, duration)")
    TripResponse get(@PathVariable UUID id) {
        return trips.find(id);
    }

    @GetMapping
    @Operation(summary = "Trips, newest first; filters combine; size is capped")
    TripPageResponse search(
            @RequestParam(required = false) @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be 1-64 characters of [A-Za-z0-9_-]") String riderId,
            @RequestParam(required = false) TripStatus status,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(required = false) @Min(1) Integer size) {
        return trips.search(riderId, status, from, to, page, size);
    }

    @GetMapping(path = "/{id}/route", produces = { GEO_JSON, "application/json" })
    @Operation(summary = "The trip's route as a GeoJSON Feature with a LineString, optionally downsampled")
    RouteFeature route(@PathVariable UUID id, @RequestParam(required = false) @Min(2) Integer maxPoints) {
        return trips.route(id, maxPoints);
    }
}
