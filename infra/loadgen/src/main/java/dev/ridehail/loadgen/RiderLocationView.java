package dev.ridehail.loadgen;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * rider-service's latest position, {@code GET /api/v1/riders/{riderId}/location}. The answer has no eventId, so the
 * update is there when the answer is the rider's and its {@code recordedAt} is the update's or later: a rider's updates
 * share one partition and rider-service keeps only the newest {@code recordedAt}, so a later position means this one
 * was consumed before it. {@code 404} is the answer until the rider's first position is stored.
 */
final class RiderLocationView extends ConsumerView {

    RiderLocationView(URI baseUri) {
        super("rider-service", "GET /api/v1/riders/{riderId}/location", baseUri);
    }

    @Override
    String pathFor(LocationUpdate update) {
        return "/api/v1/riders/" + update.riderId() + "/location";
    }

    @Override
    boolean shows(LocationUpdate update, String body) {
        try {
            JsonNode position = JSON.readTree(body);
            return position.path("riderId").stringValueOpt().filter(update.riderId()::equals).isPresent()
                    && position.path("recordedAt")
                        .stringValueOpt()
                        .map(Instant::parse)
                        .filter(recordedAt -> !recordedAt.isBefore(update.recordedAt()))
                        .isPresent();
        }
        catch (JacksonException | DateTimeParseException ex) {
            return false;
        }
    }
}
