package dev.ridehail.trip.history;

import dev.ridehail.trip.TripProperties;
import dev.ridehail.trip.web.BadRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

@RestController
@Tag(name = "Rider track", description = "Raw location history of a rider")
class TrackController {

    private final JdbcClient jdbc;

    private final TripProperties.Query limits;

    TrackController(JdbcClient jdbc, TripProperties properties) {
        this.jdbc = jdbc;
        this.limits = properties.query();
    }

    @GetMapping("/api/v1/riders/{riderId}/track")
    @Operation(summary = "A rider's raw history in [from, to), oldest first; the window and the point count are bounded")
    TrackResponse track(
            @PathVariable @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be 1-64 characters of [A-Za-z0-9_-]") String riderId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(required = false) @Min(1) Integer limit) {
        Instant end = to != null ? to : from != null ? from.plus(limits.defaultTrackWindow()) : Instant.now();
        Instant start = from != null ? from : end.minus(limits.defaultTrackWindow());
        if (!start.isBefore(end)) {
            throw new BadRequestException("from", "must be before 'to'");
        }
        if (start.plus(limits.maxTrackWindow()).isBefore(end)) {
            throw new BadRequestException("to", "the window may span at most " + limits.maxTrackWindow());
        }
        int max = limit == null ? limits.defaultTrackPoints() : Math.min(limit, limits.maxTrackPoints());
        List<TrackPoint> points = jdbc.sql("""
                SELECT event_id, trip_id, lat, lon, speed_mps, heading_deg, accuracy_m, recorded_at, received_at
                  FROM location_history
                 WHERE rider_id = :rider AND recorded_at >= :from AND recorded_at < :to
                 ORDER BY recorded_at, event_id
                 LIMIT :limit
                """)
            .param("rider", riderId)
            .param("from", OffsetDateTime.ofInstant(start, ZoneOffset.UTC))
            .param("to", OffsetDateTime.ofInstant(end, ZoneOffset.UTC))
            .param("limit", max + 1)
            .query(TrackController::point)
            .list();
        boolean truncated = points.size() > max;
        List<TrackPoint> page = truncated ? points.subList(0, max) : points;
        return new TrackResponse(riderId, start, end, max, page.size(), truncated, page);
    }

    private static TrackPoint point(ResultSet rs, int row) throws SQLException {
        return new TrackPoint(rs.getObject("event_id", UUID.class), rs.getObject("trip_id", UUID.class),
                rs.getDouble("lat"), rs.getDouble("lon"), (Float) rs.getObject("speed_mps"),
                (Float) rs.getObject("heading_deg"), (Float) rs.getObject("accuracy_m"),
                rs.getObject("recorded_at", OffsetDateTime.class).toInstant(),
                rs.getObject("received_at", OffsetDateTime.class).toInstant());
    }
}
