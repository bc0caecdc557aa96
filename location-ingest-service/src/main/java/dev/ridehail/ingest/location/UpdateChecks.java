package dev.ridehail.ingest.location;

import dev.ridehail.contract.LocationUpdateFields;
import dev.ridehail.contract.LocationUpdateFields.Range;
import dev.ridehail.ingest.IngestProperties;
import dev.ridehail.ingest.location.UpdateReader.ReadUpdate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges one update as read: every bad field named with its rule, in the order clients have always seen them, and the
 * recordedAt window against the server clock; else the request.
 */
final class UpdateChecks {

    static final String RIDER_ID_RULE = "must be 1 to " + LocationUpdateFields.RIDER_ID_MAX_LENGTH
            + " characters of A-Z, a-z, 0-9, '_' or '-'";

    static final String UUID_RULE = "must be a UUID such as 7d1c8a52-4f7e-4c55-9a43-0c2f3b8e6a10";

    static final String INSTANT_RULE = "must be an ISO-8601 instant such as 2026-11-25T16:00:00Z";

    private static final String LAT_RULE = rule(LocationUpdateFields.LAT);

    private static final String LON_RULE = rule(LocationUpdateFields.LON);

    private static final String SPEED_RULE = rule(LocationUpdateFields.SPEED_MPS);

    private static final String HEADING_RULE = rule(LocationUpdateFields.HEADING_DEG);

    private static final String ACCURACY_RULE = rule(LocationUpdateFields.ACCURACY_M);

    private final IngestProperties.Validation validation;

    private final Clock clock;

    UpdateChecks(IngestProperties.Validation validation, Clock clock) {
        this.validation = validation;
        this.clock = clock;
    }

    /** One item as judged: the update when it is valid, else the errors (unknown fields first, in document order). */
    record Item(LocationUpdateRequest update, List<FieldError> errors) {
    }

    Item judge(ReadUpdate read) {
        List<FieldError> errors = read.errors();
        if (read.isInvalid(UpdateReader.EVENT_ID)) {
            errors = add(errors, FieldError.of("eventId", UUID_RULE));
        }
        // An absent riderId is the token's own rider (UpdateAdmission), so only a present one is judged here.
        if (read.isInvalid(UpdateReader.RIDER_ID)) {
            errors = add(errors, FieldError.of("riderId", RIDER_ID_RULE));
        }
        if (read.isInvalid(UpdateReader.TRIP_ID)) {
            errors = add(errors, FieldError.of("tripId", UUID_RULE));
        }
        errors = required(errors, read, UpdateReader.LAT, read.lat(), "lat", LAT_RULE);
        errors = required(errors, read, UpdateReader.LON, read.lon(), "lon", LON_RULE);
        if (read.isInvalid(UpdateReader.SPEED)) {
            errors = add(errors, FieldError.of("speedMps", SPEED_RULE));
        }
        if (read.isInvalid(UpdateReader.HEADING)) {
            errors = add(errors, FieldError.of("headingDeg", HEADING_RULE));
        }
        if (read.isInvalid(UpdateReader.ACCURACY)) {
            errors = add(errors, FieldError.of("accuracyM", ACCURACY_RULE));
        }
        if (read.isInvalid(UpdateReader.RECORDED_AT)) {
            errors = add(errors, FieldError.of("recordedAt", INSTANT_RULE));
        }
        else if (read.recordedAt() == null) {
            errors = add(errors, FieldError.of("recordedAt", "is required"));
        }
        else {
            String outside = window(read.recordedAt());
            if (outside != null) {
                errors = add(errors, FieldError.of("recordedAt", outside));
            }
        }
        if (errors != null) {
            return new Item(null, errors);
        }
        return new Item(new LocationUpdateRequest(read.eventId(), read.riderId(), read.tripId(), read.lat(),
                read.lon(), read.speed(), read.heading(), read.accuracy(), read.recordedAt()), null);
    }

    /** An error list made only when there is an error: most updates have none. */
    static List<FieldError> add(List<FieldError> errors, FieldError error) {
        List<FieldError> list = errors == null ? new ArrayList<>() : errors;
        list.add(error);
        return list;
    }

    private static List<FieldError> required(List<FieldError> errors, ReadUpdate read, int field, Double value,
            String name, String rule) {
        if (read.isInvalid(field)) {
            return add(errors, FieldError.of(name, rule));
        }
        return value == null ? add(errors, FieldError.of(name, "is required")) : errors;
    }

    /** Why the instant is outside the accepted window, or null when it is inside. */
    private String window(Instant instant) {
        Instant now = clock.instant();
        if (instant.isAfter(now.plus(validation.maxFutureSkew()))) {
            return "is more than " + validation.maxFutureSkew().toSeconds() + " s ahead of the server clock";
        }
        if (instant.isBefore(now.minus(validation.maxAge()))) {
            return "is older than " + validation.maxAge().toSeconds() + " s, the accepted window";
        }
        return null;
    }

    /** The rule of a number field as clients read it: "must be a finite number from 0 to below 360". */
    private static String rule(Range range) {
        return "must be a finite number from " + bound(range.min()) + (range.maxExclusive() ? " to below " : " to ")
                + bound(range.max());
    }

    private static String bound(double bound) {
        return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }
}
