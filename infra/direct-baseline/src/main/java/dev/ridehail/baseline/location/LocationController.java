package dev.ridehail.baseline.location;

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

/** {@code POST /api/v1/locations}: answers 202 only after the row is committed. */
@RestController
@RequestMapping("/api/v1/locations")
class LocationController {

    private final LocationWriter writer;

    private final Clock clock = Clock.systemUTC();

    LocationController(LocationWriter writer) {
        this.writer = writer;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    LocationAcceptedResponse accept(@Valid @RequestBody LocationUpdateRequest update) {
        UUID eventId = update.eventId() != null ? update.eventId() : UUID.randomUUID();
        Instant receivedAt = clock.instant();
        writer.insert(eventId, update, receivedAt);
        return new LocationAcceptedResponse(eventId, receivedAt);
    }
}
