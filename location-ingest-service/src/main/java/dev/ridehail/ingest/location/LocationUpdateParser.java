package dev.ridehail.ingest.location;

import dev.ridehail.ingest.IngestProperties;
import dev.ridehail.ingest.location.BodyDocuments.Batch;
import dev.ridehail.ingest.location.UpdateChecks.Item;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns request bodies into valid updates or explains, field by field, why not.
 *
 * <p>Bodies are read in one streaming pass and checked by hand rather than bound to a record: binding stops at the
 * first problem and silently accepts what it can coerce ("12" for a number, unknown fields), while clients need every
 * bad field in one answer and must never get server-owned fields like receivedAt through (no mass assignment). The
 * whole document is always read before any field is judged, so a syntax error anywhere wins over field errors.
 *
 * <p>The parts, outermost first: {@link JsonBody} (the byte pass, the text pass that words every 400),
 * {@link BodyDocuments} (single and batch shapes), {@link UpdateReader} (one update object's fields, read by
 * {@link FieldValues}), {@link UpdateChecks} (the 422 errors of one update), {@link JsonTokens} (token-level reading);
 * this class turns what they found into the answer.
 */
@Component
class LocationUpdateParser {

    private final JsonBody json;

    private final BodyDocuments documents;

    private final int maxBatchItems;

    LocationUpdateParser(IngestProperties properties, Clock clock) {
        this.json = new JsonBody(properties.limits().maxNestingDepth());
        this.documents = new BodyDocuments(new UpdateChecks(properties.validation(), clock));
        this.maxBatchItems = properties.limits().maxBatchItems();
    }

    LocationUpdateRequest single(byte[] body) {
        Item item = json.read(body, documents::single);
        if (item.errors() != null) {
            throw new InvalidLocationUpdateException("The location update is invalid", item.errors());
        }
        return item.update();
    }

    List<LocationUpdateRequest> batch(byte[] body) {
        Batch batch = json.read(body, documents::batch);
        if (!batch.isObject()) {
            throw invalidBatch(FieldError.of(null, "the body must be a JSON object {\"updates\": [...]}"));
        }
        List<FieldError> errors = batch.envelopeErrors();
        List<Item> items = batch.items();
        if (items == null) {
            errors.add(FieldError.of("updates", batch.notArray() ? "must be an array" : "is required"));
        }
        else if (items.isEmpty()) {
            errors.add(FieldError.of("updates", "must contain at least one update"));
        }
        else if (items.size() > maxBatchItems) {
            errors.add(FieldError.of("updates", "must contain at most " + maxBatchItems + " updates, got "
                    + items.size()));
        }
        if (!errors.isEmpty()) {
            throw invalidBatch(errors.toArray(FieldError[]::new));
        }
        List<LocationUpdateRequest> result = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            if (item.errors() != null) {
                for (FieldError error : item.errors()) {
                    errors.add(error.at(i));
                }
            }
            result.add(item.update());
        }
        if (!errors.isEmpty()) {
            throw new InvalidLocationUpdateException("The batch contains invalid updates; none was published",
                    errors);
        }
        return result;
    }

    private static InvalidLocationUpdateException invalidBatch(FieldError... errors) {
        return new InvalidLocationUpdateException("The batch is invalid; none was published", List.of(errors));
    }
}
