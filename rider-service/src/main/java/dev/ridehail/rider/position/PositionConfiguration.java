package dev.ridehail.rider.position;

import dev.ridehail.contract.LocationUpdateEventParser;
import dev.ridehail.contract.LocationUpdateEventParser.UnknownFields;
import dev.ridehail.offsets.ConsumerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class PositionConfiguration {

    // Tolerant reader: rider-service keeps only a position and ignores fields the schema does not define (its
    // additionalProperties: false binds producers); the shared default, trip-service's, dead-letters them.
    @Bean
    LocationUpdateEventParser locationUpdateEventParser(ConsumerProperties properties, Clock clock) {
        return new LocationUpdateEventParser(properties.maxFutureSkew(), clock, UnknownFields.IGNORE);
    }
}
