package dev.ridehail.trip;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Everything trip-service can be tuned with besides the consumer settings it shares with rider-service
 * ({@code ridehail.consumer.*}, {@link dev.ridehail.offsets.ConsumerProperties}); defaults live in application.yml.
 */
@Validated
@ConfigurationProperties("trip")
public record TripProperties(@Valid @DefaultValue History history, @Valid @DefaultValue Query query) {

    /**
     * The location history table: how a batch is written and how long it is kept.
     */
    public record History(@NotNull @DefaultValue("COPY") WriteStrategy writeStrategy,
            /* rows per multi-row INSERT statement (10 parameters a row, PostgreSQL allows 65535 per statement) */
            @Min(1) @Max(6000) @DefaultValue("1000") int insertChunkRows,
            @Min(1) @DefaultValue("30") int retentionDays,
            @Min(1) @DefaultValue("7") int partitionsAheadDays,
            @NotBlank @DefaultValue("0 17 * * * *") String maintenanceCron) {
    }

    /** The two bulk-write implementations of the history writer. */
    public enum WriteStrategy {
        /** COPY into a temporary staging table, then INSERT ... SELECT ... ON CONFLICT DO NOTHING. */
        COPY,
        /** Multi-row INSERT ... VALUES (...), (...) ... ON CONFLICT DO NOTHING in chunks. */
        MULTI_ROW_INSERT
    }

    /**
     * Limits of the query endpoints.
     */
    public record Query(@Min(1) @DefaultValue("20") int defaultPageSize,
            @Min(1) @DefaultValue("100") int maxPageSize,
            @NotNull @DefaultValue("24h") Duration maxTrackWindow,
            @NotNull @DefaultValue("1h") Duration defaultTrackWindow,
            @Min(1) @DefaultValue("1000") int defaultTrackPoints,
            @Min(1) @DefaultValue("10000") int maxTrackPoints,
            @Min(2) @DefaultValue("50000") int maxRoutePoints) {
    }
}
