package dev.ridehail.rider;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Everything rider-service can be tuned with; defaults live in application.yml (each overridable by an environment
 * variable listed in docs/rider-service.md).
 */
@Validated
@ConfigurationProperties("rider")
public record RiderProperties(@Valid @DefaultValue Topic topic, @Valid @DefaultValue Consumer consumer,
        @Valid @DefaultValue Registry registry, @Valid @DefaultValue Nearby nearby) {

    /** The rider-updates topic and its dead-letter topic; created on start-up when missing. */
    public record Topic(@NotBlank @DefaultValue("rider-updates") String name,
            @NotBlank @DefaultValue("rider-updates.DLT") String deadLetterName,
            @Positive @DefaultValue("6") int partitions, @Positive @DefaultValue("1") short replicas,
            @DefaultValue("7d") Duration retention) {
    }

    /**
     * The latest-position consumer. {@code maxFutureSkew}: how far recordedAt may lie ahead of the time the update was
     * received (or consumed, whichever is earlier) before the update is dead-lettered instead of stored.
     */
    public record Consumer(@NotBlank @DefaultValue("rider-service") String group,
            @DefaultValue("60s") Duration maxFutureSkew,
            /* replaces the connection's short statement timeout (meant for queries) inside a batch write */
            @DefaultValue("120s") Duration writeStatementTimeout) {
    }

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
