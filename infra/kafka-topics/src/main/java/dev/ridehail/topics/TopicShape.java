package dev.ridehail.topics;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a topic should look like: the one description its owner creates it from and everyone else compares it with.
 *
 * @param minInsyncReplicas {@code null}: whatever the broker's default is (a single broker: 1); a three-broker cluster
 *     with replication factor 3 sets 2, so an acknowledged write survives the loss of one broker
 */
public record TopicShape(String name, int partitions, short replicationFactor, Duration retention,
        Integer minInsyncReplicas) {

    public TopicShape {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(retention, "retention");
        if (name.isBlank() || partitions < 1 || replicationFactor < 1) {
            throw new IllegalArgumentException("A topic needs a name, at least one partition and one replica: " + name
                    + ", " + partitions + ", " + replicationFactor);
        }
        if (minInsyncReplicas != null && (minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor)) {
            throw new IllegalArgumentException("min.insync.replicas " + minInsyncReplicas
                    + " must lie between 1 and the replication factor " + replicationFactor);
        }
    }

    /**
     * The dead-letter topic of this one: the same partitions, replication and retention, so a dead letter is kept as
     * long as the record it replaces would have been and is as safe.
     */
    public TopicShape deadLetter(String deadLetterName) {
        return new TopicShape(deadLetterName, partitions, replicationFactor, retention, minInsyncReplicas);
    }

    /** The topic-level configs this shape sets (and the comparison checks). */
    public Map<String, String> configs() {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
        if (minInsyncReplicas != null) {
            configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInsyncReplicas));
        }
        return configs;
    }

    NewTopic newTopic() {
        return new NewTopic(name, partitions, replicationFactor).configs(configs());
    }
}
