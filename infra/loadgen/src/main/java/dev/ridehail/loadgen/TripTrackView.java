package dev.ridehail.loadgen;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.time.temporal.ChronoUnit;

/**
 * trip-service's raw history, {@code GET /api/v1/riders/{riderId}/track?from=&to=&limit=}: the update is there when a
 * point of the answer carries its eventId. The window is the update's own microsecond, {@code [recordedAt,
 * recordedAt + 1 µs)}, so the answer holds this point at most and the query stays as cheap as the history allows.
 */
final class TripTrackView extends ConsumerView {

    TripTrackView(URI baseUri) {
        super("trip-service", "GET /api/v1/riders/{riderId}/track", baseUri);
    }

    @Override
    String pathFor(LocationUpdate update) {
        // Instant#toString is ISO-8601 with only [0-9:.TZ-], nothing a query string needs escaped
        return "/api/v1/riders/" + update.riderId() + "/track?from=" + update.recordedAt() + "&to="
                + update.recordedAt().plus(1, ChronoUnit.MICROS) + "&limit=1";
    }

    @Override
    boolean shows(LocationUpdate update, String body) {
        String eventId = update.eventId().toString();
        try {
            for (JsonNode point : JSON.readTree(body).path("points")) {
                if (point.path("eventId").stringValueOpt().filter(eventId::equals).isPresent()) {
                    return true;
                }
            }
            return false;
        }
        catch (JacksonException ex) {
            return false;
        }
    }
}
