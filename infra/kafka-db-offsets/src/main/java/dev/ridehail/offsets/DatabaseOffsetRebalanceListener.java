package dev.ridehail.offsets;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Positions a consumer at the offsets stored in the database whenever it is assigned partitions.
 *
 * <p>Declared as a bean, Spring Boot sets it on the listener-container factory. A partition with nothing stored is read
 * from the beginning of the retained topic, so emptying a service's tables and stored offsets replays the topic.
 */
public class DatabaseOffsetRebalanceListener implements ConsumerAwareRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(DatabaseOffsetRebalanceListener.class);

    private final DatabaseOffsetStore store;

    public DatabaseOffsetRebalanceListener(DatabaseOffsetStore store) {
        this.store = store;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> stored = store.claim(partitions);
        List<TopicPartition> fromBeginning = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            Long next = stored.get(partition);
            if (next == null) {
                fromBeginning.add(partition);
            }
            else {
                consumer.seek(partition, next);
            }
        }
        if (!fromBeginning.isEmpty()) {
            consumer.seekToBeginning(fromBeginning);
        }
        log.info("{} claimed {} (stored offsets {}, from the beginning {})", store.consumerGroup(), partitions, stored,
                fromBeginning);
    }

    @Override
    public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        store.release(partitions);
        if (!partitions.isEmpty()) {
            log.info("{} released {}", store.consumerGroup(), partitions);
        }
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        store.release(partitions);
        log.warn("{} lost {} (another consumer may own them now)", store.consumerGroup(), partitions);
    }
}
