package dev.ridehail.offsets;

import org.apache.kafka.common.TopicPartition;

import java.util.Set;

/**
 * Another consumer claimed one of these partitions after this one did, so this consumer's writes must not commit.
 * Thrown inside the batch transaction, it rolls the rows back together with the refused offsets.
 */
public class OffsetFencedException extends RuntimeException {

    private final Set<TopicPartition> partitions;

    public OffsetFencedException(Set<TopicPartition> partitions) {
        super("Offsets refused: partitions " + partitions + " are owned by another consumer now");
        this.partitions = Set.copyOf(partitions);
    }

    public Set<TopicPartition> partitions() {
        return partitions;
    }
}
