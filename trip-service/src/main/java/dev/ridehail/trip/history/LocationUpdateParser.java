package dev.ridehail.trip.history;

import dev.ridehail.contract.LocationUpdateEvent;
import dev.ridehail.contract.LocationUpdateEventParser;
import dev.ridehail.contract.LocationUpdateEventParser.Accepted;
import dev.ridehail.contract.LocationUpdateEventParser.Rejected;
import dev.ridehail.contract.LocationUpdateEventParser.UnknownFields;

import java.time.Clock;
import java.time.Duration;

/**
 * Turns a record value into a {@link LocationUpdate} or a reason to dead-letter it, judged by the contract's one
 * parser (infra/contract): every field as the JSON Schema says, including its {@code additionalProperties: false}
 * (trip-service stores what it reads, so an unknown field is a producer bug worth seeing on the dead-letter topic).
 */
class LocationUpdateParser {

    private final LocationUpdateEventParser contract;

    LocationUpdateParser(Duration maxFutureSkew) {
        this(maxFutureSkew, Clock.systemUTC());
    }

    LocationUpdateParser(Duration maxFutureSkew, Clock clock) {
        this.contract = new LocationUpdateEventParser(maxFutureSkew, clock, UnknownFields.REJECT);
    }

    sealed interface Result {
    }

    record Valid(LocationUpdate update) implements Result {
    }

    record Invalid(String reason, String detail) implements Result {
    }

    Result parse(byte[] value) {
        return switch (contract.parse(value)) {
            case Accepted(LocationUpdateEvent event) -> new Valid(new LocationUpdate(event.schemaVersion(),
                    event.eventId(), event.riderId(), event.tripId(), event.lat(), event.lon(),
                    toFloat(event.speedMps()), toFloat(event.headingDeg()), toFloat(event.accuracyM()),
                    event.recordedAt(), event.receivedAt()));
            case Rejected(String reason, String detail) -> new Invalid(reason, detail);
        };
    }

    private static Float toFloat(Double value) {
        return value == null ? null : value.floatValue();
    }
}
