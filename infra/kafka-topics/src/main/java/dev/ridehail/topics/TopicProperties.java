package dev.ridehail.topics;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The rider-updates topic and its dead-letter topic, under the same properties ({@code ridehail.topic.*}) and
 * environment variables in every service: location-ingest-service, their one owner, creates both with this shape when
 * they are absent (the dead-letter topic with the main topic's partitions, replication and retention); the consumers
 * only compare what they find with it and report a difference. An existing topic is never altered.
 *
 * @param minInsyncReplicas unset: the broker's default
 */
@Validated
@ConfigurationProperties("ridehail.topic")
public record TopicProperties(@NotBlank @DefaultValue("rider-updates") String name,
        @NotBlank @DefaultValue("rider-updates.DLT") String deadLetterName,
        @Min(1) @DefaultValue("6") int partitions,
        @Min(1) @DefaultValue("1") short replicationFactor,
        @NotNull @DefaultValue("7d") Duration retention,
        @Min(1) Integer minInsyncReplicas) {

    /** The main topic's shape with the default dead-letter name and the broker's min ISR (tests). */
    public static TopicProperties of(String name, int partitions, short replicationFactor, Duration retention) {
        return new TopicProperties(name, name + ".DLT", partitions, replicationFactor, retention, null);
    }

    public TopicShape shape() {
        return new TopicShape(name, partitions, replicationFactor, retention, minInsyncReplicas);
    }

    public TopicShape deadLetterShape() {
        return shape().deadLetter(deadLetterName);
    }
}
