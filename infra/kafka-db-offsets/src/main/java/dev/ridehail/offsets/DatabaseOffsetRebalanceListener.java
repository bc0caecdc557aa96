package dev.ridehail.offsets;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Positions a consumer at the offsets stored in the database whenever it is assigned partitions.
 *
 * <p>Declared as a bean, Spring Boot sets it on the listener-container factory. A partition with nothing stored is read
 * from the beginning of the retained topic, so emptying a service's tables and stored offsets replays the topic.
 *
 * <p>Before seeking, the stored offsets are checked against the log they are applied to:
 * <ul>
 * <li>the topic was deleted and created again (its Kafka topic id changed): the new topic is read from its beginning,
 * with a WARN naming both ids and {@code kafka.consumer.topic.recreated} counted per partition;</li>
 * <li>a stored offset lies beyond the log's end (same topic, but the broker lost the tail of its log): reading starts
 * at the log's end, where the next records are written, with a WARN and {@code kafka.consumer.offset.beyond.end};
 * seeking past the end would make the consumer reset to the beginning and read the whole log again.</li>
 * </ul>
 * Without the topic id or the end offsets the check cannot be made, and seeking to the stored offsets anyway could
 * silently skip a recreated topic's records. So a failed lookup is retried with back-off inside the assignment, which
 * keeps the partitions assigned and unread meanwhile; when the retry budget (below the consumer's
 * {@code max.poll.interval.ms}) runs out the assignment fails with an exception. Those partitions then have no claimed
 * epoch, so every commit for them is refused and rolled back ({@link OffsetFencedException}): nothing read from an
 * unchecked position is ever stored, and the logs say so until the next assignment claims them.
 */
public class DatabaseOffsetRebalanceListener implements ConsumerAwareRebalanceListener {

    static final Duration DEFAULT_LOOKUP_RETRY_BUDGET = Duration.ofMinutes(2);

    private static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(500);

    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(DatabaseOffsetRebalanceListener.class);

    private final DatabaseOffsetStore store;

    private final KafkaTopicIds topicIds;

    private final MeterRegistry meters;

    private final Duration lookupRetryBudget;

    public DatabaseOffsetRebalanceListener(DatabaseOffsetStore store, KafkaTopicIds topicIds, MeterRegistry meters) {
        this(store, topicIds, meters, DEFAULT_LOOKUP_RETRY_BUDGET);
    }

    /** @param lookupRetryBudget how long an assignment retries reading topic ids and end offsets before it fails */
    public DatabaseOffsetRebalanceListener(DatabaseOffsetStore store, KafkaTopicIds topicIds, MeterRegistry meters,
            Duration lookupRetryBudget) {
        this.store = store;
        this.topicIds = topicIds;
        this.meters = meters;
        this.lookupRetryBudget = lookupRetryBudget;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        LogState logState = lookUpWithRetries(consumer, partitions);
        DatabaseOffsetStore.Claim claim = store.claim(partitions, logState.topicIds());
        reportRecreatedTopics(claim, logState.topicIds());
        Map<TopicPartition, Long> seeks = new HashMap<>();
        List<TopicPartition> fromBeginning = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            Long next = claim.nextOffsets().get(partition);
            if (next == null) {
                fromBeginning.add(partition);
                continue;
            }
            long end = logState.endOffsets().get(partition);
            if (next > end) {
                log.warn("{}: stored offset {} of {} is beyond the log's end {} (topic id {} unchanged; the broker lost"
                        + " records); reading from the end", store.consumerGroup(), next, partition, end,
                        logState.topicIds().get(partition.topic()));
                counter("kafka.consumer.offset.beyond.end",
                        "Partitions whose stored offset lay beyond the log's end; read from the end", partition)
                    .increment();
                next = end;
            }
            seeks.put(partition, next);
            consumer.seek(partition, next);
        }
        if (!fromBeginning.isEmpty()) {
            consumer.seekToBeginning(fromBeginning);
        }
        log.info("{} claimed {} (at stored offsets {}, from the beginning {})", store.consumerGroup(), partitions, seeks,
                fromBeginning);
    }

    private void reportRecreatedTopics(DatabaseOffsetStore.Claim claim, Map<String, Uuid> currentIds) {
        Map<String, Map<String, Set<Integer>>> byTopicAndOldId = claim.replacedTopicIds()
            .entrySet()
            .stream()
            .collect(Collectors.groupingBy(entry -> entry.getKey().topic(),
                    Collectors.groupingBy(Map.Entry::getValue,
                            Collectors.mapping(entry -> entry.getKey().partition(), Collectors.toCollection(TreeSet::new)))));
        byTopicAndOldId.forEach((topic, oldIds) -> oldIds.forEach((oldId, partitionNumbers) -> log.warn(
                "{}: topic {} was recreated: stored offsets of partitions {} belong to topic id {}, the topic's id is"
                        + " now {}; discarded them and reading the new topic from its beginning",
                store.consumerGroup(), topic, partitionNumbers, oldId, currentIds.get(topic))));
        claim.replacedTopicIds()
            .keySet()
            .forEach(partition -> counter("kafka.consumer.topic.recreated",
                    "Partitions whose stored offsets belonged to an earlier topic of the same name; read from the"
                            + " beginning",
                    partition)
                .increment());
    }

    private Counter counter(String name, String description, TopicPartition partition) {
        return Counter.builder(name)
            .description(description)
            .tag("group", store.consumerGroup())
            .tag("topic", partition.topic())
            .register(meters);
    }

    private LogState lookUpWithRetries(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        long deadline = System.nanoTime() + lookupRetryBudget.toNanos();
        Duration delay = FIRST_RETRY_DELAY;
        for (int attempt = 1;; attempt++) {
            try {
                return lookUp(consumer, partitions);
            }
            catch (KafkaException | KafkaTopicIds.TopicIdLookupException ex) {
                if (System.nanoTime() + delay.toNanos() >= deadline) {
                    log.error("{}: giving up the assignment of {} after {} attempts: cannot check the stored offsets"
                            + " against the topic ({}); commits for these partitions are refused until they are"
                            + " claimed again", store.consumerGroup(), partitions, attempt, ex.getMessage());
                    throw new IllegalStateException("Could not read the topic ids or end offsets of " + partitions
                            + "; not seeking to stored offsets that may belong to another log", ex);
                }
                log.warn("{}: cannot read the topic ids or end offsets of {} (attempt {}: {}); retrying in {}",
                        store.consumerGroup(), partitions, attempt, ex.getMessage(), delay);
                sleep(delay);
                delay = delay.multipliedBy(2).compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : delay.multipliedBy(2);
            }
        }
    }

    private LogState lookUp(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Set<String> topics = partitions.stream().map(TopicPartition::topic).collect(Collectors.toSet());
        Map<String, Uuid> ids = topicIds.current(topics);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, topicIds.timeout());
        for (TopicPartition partition : partitions) {
            if (ends.get(partition) == null) {
                throw new KafkaException("No end offset for " + partition);
            }
        }
        return new LogState(ids, ends);
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to retry an assignment", ex);
        }
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

    private record LogState(Map<String, Uuid> topicIds, Map<TopicPartition, Long> endOffsets) {
    }
}
