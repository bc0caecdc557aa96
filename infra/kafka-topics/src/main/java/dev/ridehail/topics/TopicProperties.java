package dev.ridehail.topics;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;

/**
 * The rider-updates topic and its dead-letter topic, under the same properties ({@code ridehail.topic.*}) and
 * environment variables in every service: location-ingest-service, their one owner, creates both with this shape when
 * they are absent (the dead-letter topic with the main topic's partitions, replication and retention); the consumers
 * only compare what they find with it and report a difference. An existing topic is never altered.
 *
 * <p>Replication follows the cluster unless it is configured: as many replicas as the cluster has brokers, up to three,
 * so the same services need no other setting on one broker (replication factor 1) or on three (3, with
 * {@code min.insync.replicas} 2). The owner and the consumers derive it alike ({@link TopicAdmin#shapesOf}), so they
 * agree on the shape they create and compare. A configured value wins: a cluster of five that should keep five copies,
 * or three brokers that should keep one.
 *
 * @param replicationFactor unset: the cluster's brokers, at most {@value #MAX_DERIVED_REPLICATION_FACTOR}
 * @param minInsyncReplicas unset: the replication factor minus one from three replicas up (an acknowledged write is on
 *     at least two brokers and one may be down without refusing writes), else 1 (with two replicas, 2 would refuse
 *     every write while either broker is down)
 */
@Validated
@ConfigurationProperties("ridehail.topic")
public record TopicProperties(@NotBlank @DefaultValue("rider-updates") String name,
        @NotBlank @DefaultValue("rider-updates.DLT") String deadLetterName,
        @Min(1) @DefaultValue("6") int partitions,
        @Min(1) Short replicationFactor,
        @NotNull @DefaultValue("7d") Duration retention,
        @Min(1) Integer minInsyncReplicas) {

    /** Replicas a topic gets by default, however many brokers there are beyond that. */
    public static final int MAX_DERIVED_REPLICATION_FACTOR = 3;

    /** The main topic with the default dead-letter name and replication derived from the cluster (tests). */
    public static TopicProperties of(String name, int partitions, Duration retention) {
        return new TopicProperties(name, name + ".DLT", partitions, null, retention, null);
    }

    /** The main topic's shape on a cluster of {@code brokers} brokers. */
    public TopicShape shape(int brokers) {
        short factor = replicationFactor != null ? replicationFactor : derivedReplicationFactor(brokers);
        int minInsync = minInsyncReplicas != null ? minInsyncReplicas
                : factor >= MAX_DERIVED_REPLICATION_FACTOR ? factor - 1 : 1;
        return new TopicShape(name, partitions, factor, retention, minInsync);
    }

    /** The main topic's and the dead-letter topic's shapes on a cluster of {@code brokers} brokers. */
    public List<TopicShape> shapes(int brokers) {
        TopicShape main = shape(brokers);
        return List.of(main, main.deadLetter(deadLetterName));
    }

    private static short derivedReplicationFactor(int brokers) {
        if (brokers < 1) {
            throw new IllegalArgumentException("a cluster has at least one broker, not " + brokers);
        }
        return (short) Math.min(brokers, MAX_DERIVED_REPLICATION_FACTOR);
    }
}
