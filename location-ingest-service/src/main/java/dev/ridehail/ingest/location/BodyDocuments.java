package dev.ridehail.ingest.location;

import dev.ridehail.ingest.location.UpdateChecks.Item;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The two body shapes, read to their end: one update object, or a batch {@code {"updates": [...]}} whose envelope
 * errors are collected beside its items. Each update is judged as soon as it is read.
 */
final class BodyDocuments {

    private final UpdateChecks checks;

    BodyDocuments(UpdateChecks checks) {
        this.checks = checks;
    }

    /** A batch body as read; {@code items} is null when {@code updates} is absent, null or not an array. */
    record Batch(boolean isObject, List<FieldError> envelopeErrors, List<Item> items, boolean notArray) {
    }

    Item single(JsonTokens tokens) {
        JsonToken first = tokens.first();
        Item item;
        if (first == JsonToken.START_OBJECT) {
            item = checks.judge(UpdateReader.read(tokens));
        }
        else {
            tokens.consume(first);
            item = notAnObject();
        }
        tokens.end();
        return item;
    }

    Batch batch(JsonTokens tokens) {
        JsonToken first = tokens.first();
        if (first != JsonToken.START_OBJECT) {
            tokens.consume(first);
            tokens.end();
            return new Batch(false, null, null, false);
        }
        JsonParser parser = tokens.parser();
        List<FieldError> errors = new ArrayList<>();
        List<Item> items = null;
        boolean notArray = false;
        boolean updatesRead = false;
        Set<String> others = null;
        String name;
        while ((name = parser.nextName()) != null) {
            JsonToken token = parser.nextToken();
            if (!"updates".equals(name)) {
                others = JsonTokens.distinct(others, name);
                errors.add(FieldError.of(name, "unknown field"));
                tokens.consume(token);
                continue;
            }
            if (updatesRead) {
                throw JsonTokens.DuplicateName.INSTANCE;
            }
            updatesRead = true;
            if (token == JsonToken.START_ARRAY) {
                items = new ArrayList<>();
                JsonToken element;
                while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
                    if (element == JsonToken.START_OBJECT) {
                        items.add(checks.judge(UpdateReader.read(tokens)));
                    }
                    else {
                        tokens.consume(element);
                        items.add(notAnObject());
                    }
                }
            }
            else if (token != JsonToken.VALUE_NULL) {
                notArray = true;
                tokens.consume(token);
            }
        }
        tokens.end();
        return new Batch(true, errors, items, notArray);
    }

    private static Item notAnObject() {
        return new Item(null, List.of(FieldError.of(null, "a location update must be a JSON object")));
    }
}
