package dev.ridehail.ingest.location;

import dev.ridehail.contract.LocationUpdateFields;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Reads one update object, from just after its START_OBJECT through its END_OBJECT, into the values it holds, without
 * judging them: which fields were present but unreadable, and the names a client must not send, in document order.
 */
final class UpdateReader {

    static final int EVENT_ID = 1;

    static final int RIDER_ID = 1 << 1;

    static final int TRIP_ID = 1 << 2;

    static final int LAT = 1 << 3;

    static final int LON = 1 << 4;

    static final int SPEED = 1 << 5;

    static final int HEADING = 1 << 6;

    static final int ACCURACY = 1 << 7;

    static final int RECORDED_AT = 1 << 8;

    private static final int SERVER_OWNED = 1 << 9;

    private UpdateReader() {
    }

    /**
     * One update object as read; a value is null when absent, JSON null or unreadable.
     *
     * @param errors   the unknown and server-owned names, in document order, or null when there are none
     * @param invalid  the bits of the fields present (not null) but unreadable as the field
     */
    record ReadUpdate(List<FieldError> errors, int invalid, UUID eventId, String riderId, UUID tripId, Double lat,
            Double lon, Double speed, Double heading, Double accuracy, Instant recordedAt) {

        boolean isInvalid(int field) {
            return (invalid & field) != 0;
        }
    }

    static ReadUpdate read(JsonTokens tokens) {
        JsonParser parser = tokens.parser();
        List<FieldError> errors = null;
        int invalid = 0;
        UUID eventId = null;
        String riderId = null;
        UUID tripId = null;
        Double lat = null;
        Double lon = null;
        Double speed = null;
        Double heading = null;
        Double accuracy = null;
        Instant recordedAt = null;
        int seen = 0;
        Set<String> others = null;
        String name;
        while ((name = parser.nextName()) != null) {
            JsonToken token = parser.nextToken();
            int field = field(name);
            if (field == SERVER_OWNED || field == 0) {
                others = JsonTokens.distinct(others, name);
            }
            else {
                seen = once(seen, field);
            }
            switch (field) {
                case EVENT_ID -> {
                    eventId = FieldValues.uuid(tokens, token);
                    invalid |= unreadable(eventId, token, EVENT_ID);
                }
                case RIDER_ID -> {
                    riderId = FieldValues.riderId(tokens, token);
                    invalid |= unreadable(riderId, token, RIDER_ID);
                }
                case TRIP_ID -> {
                    tripId = FieldValues.uuid(tokens, token);
                    invalid |= unreadable(tripId, token, TRIP_ID);
                }
                case LAT -> {
                    lat = FieldValues.number(tokens, token, LocationUpdateFields.LAT);
                    invalid |= unreadable(lat, token, LAT);
                }
                case LON -> {
                    lon = FieldValues.number(tokens, token, LocationUpdateFields.LON);
                    invalid |= unreadable(lon, token, LON);
                }
                case SPEED -> {
                    speed = FieldValues.number(tokens, token, LocationUpdateFields.SPEED_MPS);
                    invalid |= unreadable(speed, token, SPEED);
                }
                case HEADING -> {
                    heading = FieldValues.number(tokens, token, LocationUpdateFields.HEADING_DEG);
                    invalid |= unreadable(heading, token, HEADING);
                }
                case ACCURACY -> {
                    accuracy = FieldValues.number(tokens, token, LocationUpdateFields.ACCURACY_M);
                    invalid |= unreadable(accuracy, token, ACCURACY);
                }
                case RECORDED_AT -> {
                    recordedAt = FieldValues.instant(tokens, token);
                    invalid |= unreadable(recordedAt, token, RECORDED_AT);
                }
                case SERVER_OWNED -> {
                    errors = UpdateChecks.add(errors, FieldError.of(name, "is set by the server and must not be sent"));
                    tokens.consume(token);
                }
                default -> {
                    errors = UpdateChecks.add(errors, FieldError.of(name, "unknown field"));
                    tokens.consume(token);
                }
            }
        }
        return new ReadUpdate(errors, invalid, eventId, riderId, tripId, lat, lon, speed, heading, accuracy,
                recordedAt);
    }

    /** The field's bit when a present (non-null) value could not be read as the field, else 0. */
    private static int unreadable(Object value, JsonToken token, int bit) {
        return value == null && token != JsonToken.VALUE_NULL ? bit : 0;
    }

    /**
     * The bit of a property name, 0 for an unknown one. Cheaper than a switch on the name, which profiling showed
     * hashing every name anew.
     */
    private static int field(String name) {
        return switch (name.length()) {
            case 3 -> "lat".equals(name) ? LAT : "lon".equals(name) ? LON : 0;
            case 6 -> "tripId".equals(name) ? TRIP_ID : 0;
            case 7 -> "eventId".equals(name) ? EVENT_ID : "riderId".equals(name) ? RIDER_ID : 0;
            case 8 -> "speedMps".equals(name) ? SPEED : 0;
            case 9 -> "accuracyM".equals(name) ? ACCURACY : 0;
            case 10 -> "headingDeg".equals(name) ? HEADING : "recordedAt".equals(name) ? RECORDED_AT
                    : "receivedAt".equals(name) ? SERVER_OWNED : 0;
            case 13 -> "schemaVersion".equals(name) ? SERVER_OWNED : 0;
            default -> 0;
        };
    }

    /** Marks a field as read; a second time is a duplicate name. */
    private static int once(int seen, int field) {
        if ((seen & field) != 0) {
            throw JsonTokens.DuplicateName.INSTANCE;
        }
        return seen | field;
    }
}
