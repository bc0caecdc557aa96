package dev.ridehail.trip.history;

import dev.ridehail.trip.TripProperties;
import dev.ridehail.problems.InvalidParameterException;
import dev.ridehail.security.Caller;
import dev.ridehail.trip.config.security.TripSecurityConfiguration;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

@RestController
@Tag(name = "Rider track", description = "Raw location history of a rider")
@SecurityRequirement(name = TripSecurityConfiguration.BEARER)
class TrackController {

    private final TrackRepository track;

    private final TripProperties.Query limits;

    TrackController(TrackRepository track, TripProperties properties) {
        this.track = track;
        this.limits = properties.query();
    }

    @GetMapping("/api/v1/riders/{riderId}/track")
    @Operation(summary = "A rider's raw history in [from, to), oldest first; the window and the point count are bounded",
            description = "Scope fleet:read for any rider, or self:read for the token's own. Any other rider is 404 "
                    + "rider-not-found, whether it exists or not.")
    TrackResponse track(
            @PathVariable @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be 1-64 characters of [A-Za-z0-9_-]") String riderId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(required = false) @Min(1) Integer limit, Caller caller) {
        if (!caller.mayAccessRider(riderId)) {
            throw new RiderNotFoundException(riderId);
        }
        Instant end = to != null ? to : from != null ? from.plus(limits.defaultTrackWindow()) : Instant.now();
        Instant start = from != null ? from : end.minus(limits.defaultTrackWindow());
        if (!start.isBefore(end)) {
            throw new InvalidParameterException("from", "must be before 'to'");
        }
        if (start.plus(limits.maxTrackWindow()).isBefore(end)) {
            throw new InvalidParameterException("to", "the window may span at most " + limits.maxTrackWindow());
        }
        int max = limit == null ? limits.defaultTrackPoints() : Math.min(limit, limits.maxTrackPoints());
        // one more than asked tells whether the answer is truncated
        List<TrackPoint> points = track.points(riderId, start, end, max + 1);
        boolean truncated = points.size() > max;
        List<TrackPoint> page = truncated ? points.subList(0, max) : points;
        return new TrackResponse(riderId, start, end, max, page.size(), truncated, page);
    }
}
