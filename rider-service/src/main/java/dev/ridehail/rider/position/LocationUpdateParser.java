package dev.ridehail.rider.position;

import dev.ridehail.rider.RiderProperties;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Turns a record value into a {@link LocationUpdate}, or says why it must be dead-lettered. */
@Component
class LocationUpdateParser {

    private static final Pattern RIDER_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final JsonMapper json = JsonMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .build();

    private final Clock clock;

    private final Duration maxFutureSkew;

    LocationUpdateParser(Clock clock, RiderProperties properties) {
        this.clock = clock;
        this.maxFutureSkew = properties.consumer().maxFutureSkew();
    }

    sealed interface Result permits Valid, Invalid {
    }

    record Valid(LocationUpdate update) implements Result {
    }

    record Invalid(Rejection rejection) implements Result {
    }

    Result parse(byte[] value) {
        if (value == null || value.length == 0) {
            return invalid(Rejection.NOT_JSON, "empty record value");
        }
        LocationUpdate update;
        try {
            // One pass straight into the record: the tree is only built to explain a record that does not map.
            update = json.readValue(value, LocationUpdate.class);
        }
        catch (JacksonException ex) {
            return explain(value, ex);
        }
        if (update == null) {
            return invalid(Rejection.NOT_JSON, "not a JSON object");
        }
        if (!Integer.valueOf(1).equals(update.schemaVersion())) {
            return unknownVersion(String.valueOf(update.schemaVersion()));
        }
        List<String> problems = problems(update);
        if (!problems.isEmpty()) {
            return invalid(Rejection.INVALID_FIELD, String.join("; ", problems));
        }
        // Measured against the earlier of receivedAt and now, so neither a fast device clock nor a fast ingest clock can
        // store a point that would shadow every real update until the wall clock catches up with it.
        Instant now = clock.instant();
        Instant reference = update.receivedAt().isBefore(now) ? update.receivedAt() : now;
        if (update.recordedAt().isAfter(reference.plus(maxFutureSkew))) {
            return invalid(Rejection.RECORDED_AT_IN_FUTURE, "recordedAt " + update.recordedAt() + " is more than "
                    + maxFutureSkew.toSeconds() + " s after " + reference);
        }
        return new Valid(update);
    }

    private Invalid explain(byte[] value, JacksonException mappingError) {
        JsonNode tree;
        try {
            tree = json.readTree(value);
        }
        catch (JacksonException ex) {
            return invalid(Rejection.NOT_JSON, "not JSON: " + ex.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            return invalid(Rejection.NOT_JSON, "not a JSON object: " + abbreviate(new String(value, StandardCharsets.UTF_8)));
        }
        JsonNode version = tree.get("schemaVersion");
        if (version == null || !version.isIntegralNumber() || version.asLong() != 1) {
            return unknownVersion(version == null ? "missing" : version.toString());
        }
        return invalid(Rejection.INVALID_FIELD, mappingError.getOriginalMessage());
    }

    private static Invalid unknownVersion(String version) {
        return invalid(Rejection.UNKNOWN_SCHEMA_VERSION, "schemaVersion " + (version.equals("null") ? "missing" : version)
                + ", this consumer reads 1");
    }

    private static List<String> problems(LocationUpdate u) {
        List<String> problems = new ArrayList<>();
        if (u.eventId() == null) {
            problems.add("eventId: required");
        }
        if (u.riderId() == null || !RIDER_ID.matcher(u.riderId()).matches()) {
            problems.add("riderId: must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'");
        }
        range(problems, "lat", u.lat(), true, -90, 90, false);
        range(problems, "lon", u.lon(), true, -180, 180, false);
        range(problems, "speedMps", u.speedMps(), false, 0, 100, false);
        range(problems, "headingDeg", u.headingDeg(), false, 0, 360, true);
        range(problems, "accuracyM", u.accuracyM(), false, 0, 10_000, false);
        if (u.recordedAt() == null) {
            problems.add("recordedAt: required");
        }
        if (u.receivedAt() == null) {
            problems.add("receivedAt: required");
        }
        return problems;
    }

    private static void range(List<String> problems, String field, Double value, boolean required, double min,
            double max, boolean maxExclusive) {
        if (value == null) {
            if (required) {
                problems.add(field + ": required");
            }
            return;
        }
        boolean aboveMax = maxExclusive ? value >= max : value > max;
        if (value.isNaN() || value < min || aboveMax) {
            problems.add(field + ": must be in [" + min + ", " + max + (maxExclusive ? ")" : "]"));
        }
    }

    private static Invalid invalid(String code, String detail) {
        return new Invalid(new Rejection(code, abbreviate(detail)));
    }

    private static String abbreviate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "...";
    }
}
