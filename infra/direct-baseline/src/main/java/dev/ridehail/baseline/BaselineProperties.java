package dev.ridehail.baseline;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Settings of the direct baseline.
 *
 * @param table the history table it inserts into; created by trip-service's own Flyway migrations so both paths
 * write the same table shape and indexes
 * @param retryAfter the {@code Retry-After} sent with a 503 when the database cannot take the write
 */
@Validated
@ConfigurationProperties("baseline")
public record BaselineProperties(@DefaultValue("location_history") @NotBlank String table,
        @DefaultValue("1s") Duration retryAfter) {
}
