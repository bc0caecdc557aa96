package dev.ridehail.rider.position;

import dev.ridehail.contract.LocationUpdateEventParser;
import dev.ridehail.contract.LocationUpdateEventParser.UnknownFields;
import dev.ridehail.rider.RiderProperties;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * Judges record values with the contract's one parser (infra/contract), configured the way rider-service reads the
 * topic: unknown extra fields are tolerated (tolerant reader; the schema's {@code additionalProperties: false} binds
 * producers), and {@code recordedAt} may lie at most {@code rider.consumer.max-future-skew} ahead.
 */
@Component
class LocationUpdateParser {

    private final LocationUpdateEventParser contract;

    LocationUpdateParser(Clock clock, RiderProperties properties) {
        this.contract = new LocationUpdateEventParser(properties.consumer().maxFutureSkew(), clock, UnknownFields.IGNORE);
    }

    LocationUpdateEventParser.Result parse(byte[] value) {
        return contract.parse(value);
    }
}
