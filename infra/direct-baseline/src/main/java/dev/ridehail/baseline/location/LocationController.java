package dev.ridehail.baseline.location;

import dev.ridehail.security.Caller;
import dev.ridehail.security.RateLimits;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * {@code POST /api/v1/locations}: answers 202 only after the row is committed. Like ingest, the update is for the
 * token's rider (403 {@code forbidden-rider} when it names another) and costs one from that rider and device's ingest
 * rate limit (429 when it is spent).
 */
@RestController
@RequestMapping("/api/v1/locations")
class LocationController {

    private final LocationWriter writer;

    private final RateLimits rateLimits;

    private final Clock clock = Clock.systemUTC();

    LocationController(LocationWriter writer, RateLimits rateLimits) {
        this.writer = writer;
        this.rateLimits = rateLimits;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    LocationAcceptedResponse accept(@Valid @RequestBody LocationUpdateRequest update, Caller caller) {
        String riderId = caller.riderIdFor(update.riderId());
        rateLimits.ingest().consume(RateLimits.ingestKey(caller, riderId), 1);
        UUID eventId = update.eventId() != null ? update.eventId() : UUID.randomUUID();
        Instant receivedAt = clock.instant();
        writer.insert(eventId, riderId, update, receivedAt);
        return new LocationAcceptedResponse(eventId, receivedAt);
    }
}
