package dev.ridehail.ingest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Everything location-ingest-service can be tuned with; defaults live in application.yml (and repeat here so the
 * service also starts without it). The topics it owns are {@code dev.ridehail.topics.TopicProperties}
 * ({@code ridehail.topic.*}), the binding the consumers check them with.
 */
@Validated
@ConfigurationProperties("ingest")
public record IngestProperties(@Valid @DefaultValue Publish publish,
        @Valid @DefaultValue Limits limits, @Valid @DefaultValue Validation validation,
        @Valid @DefaultValue Health health) {

    /**
     * How long a request waits for the broker to acknowledge its records before it answers 503, and the
     * Retry-After it then suggests.
     */
    public record Publish(@NotNull @DefaultValue("5s") Duration ackTimeout,
            @NotNull @DefaultValue("5s") Duration retryAfter) {
    }

    /** Request limits; bodies are counted as they are read, so chunked bodies are bounded too. */
    public record Limits(@NotNull @DefaultValue("64KB") DataSize maxSingleBody,
            @NotNull @DefaultValue("1MB") DataSize maxBatchBody,
            @Min(1) @DefaultValue("500") int maxBatchItems,
            @Min(4) @Max(1000) @DefaultValue("32") int maxNestingDepth) {
    }

    /** How far recordedAt may be from the server clock. */
    public record Validation(@NotNull @DefaultValue("60s") Duration maxFutureSkew,
            @NotNull @DefaultValue("24h") Duration maxAge) {
    }

    /** Bound on the Kafka probe behind the actuator health endpoint. */
    public record Health(@NotNull @DefaultValue("750ms") Duration timeout) {
    }
}
