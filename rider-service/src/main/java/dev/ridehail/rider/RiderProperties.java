package dev.ridehail.rider;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything rider-service can be tuned with besides the consumer settings it shares with trip-service
 * ({@code ridehail.consumer.*}, {@link dev.ridehail.offsets.ConsumerProperties}); defaults live in application.yml
 * (each overridable by an environment variable listed in docs/rider-service.md).
 */
@Validated
@ConfigurationProperties("rider")
public record RiderProperties(@Valid @DefaultValue Registry registry, @Valid @DefaultValue Nearby nearby) {

    /** Paging of {@code GET /api/v1/riders}. */
    public record Registry(@Positive @DefaultValue("20") int defaultPageSize,
            @Positive @Max(1000) @DefaultValue("100") int maxPageSize) {
    }

    /** Bounds and defaults of {@code GET /api/v1/riders/nearby}. */
    public record Nearby(@Positive @DefaultValue("1000") int defaultRadiusM,
            @Positive @Max(1_000_000) @DefaultValue("50000") int maxRadiusM,
            @Positive @DefaultValue("20") int defaultLimit, @Positive @Max(1000) @DefaultValue("100") int maxLimit,
            @Min(1) @DefaultValue("300") int defaultMaxAgeS, @Min(1) @DefaultValue("86400") int maxMaxAgeS) {
    }
}
