package dev.ridehail.offsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kafka consumer offsets kept in the service's own database, in {@code kafka_consumer_offsets}.
 *
 * <p>The batch writer calls {@link #commit} inside the transaction that writes the rows, so rows and offsets become
 * visible together or not at all: a crash at any point neither loses nor duplicates a row. On assignment the consumer
 * seeks to the stored offsets ({@link DatabaseOffsetRebalanceListener}); Kafka's own committed offsets are only
 * informational (lag tooling).
 *
 * <p>Fencing: {@link #claim} bumps a per-partition epoch, and {@link #commit} only updates rows whose epoch is still
 * the one this consumer claimed. A consumer that was frozen past its session timeout, while another instance took its
 * partitions, finds its late commit matching no row and its transaction rolls back.
 *
 * <p>Topic ids: each row records the Kafka id of the topic its offset was taken from, and {@link #claim} discards an
 * offset of an earlier topic of the same name instead of seeking the new log to it.
 *
 * <p>Dead letters: {@code dead_letter_log} remembers which records of not-yet-committed batches are on the dead-letter
 * topic already ({@link DeadLetterPublisher}); {@link #commit} deletes the rows its offsets cover.
 */
public class DatabaseOffsetStore {

    static final Duration DEFAULT_CLAIM_LOCK_TIMEOUT = Duration.ofSeconds(5);

    static final int DEFAULT_CLAIM_ATTEMPTS = 12;

    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private static final Logger log = LoggerFactory.getLogger(DatabaseOffsetStore.class);

    private final JdbcClient jdbc;

    private final TransactionTemplate transactions;

    private final String consumerGroup;

    private final String ownerId;

    private final TransactionTemplate independentTransactions;

    private final Map<TopicPartition, Long> claimedEpochs = new ConcurrentHashMap<>();

    private final Map<String, Uuid> claimedTopicIds = new ConcurrentHashMap<>();

    private final Duration claimLockTimeout;

    private final int claimAttempts;

    public DatabaseOffsetStore(JdbcClient jdbc, PlatformTransactionManager transactionManager, String consumerGroup,
            String ownerId) {
        this(jdbc, transactionManager, consumerGroup, ownerId, DEFAULT_CLAIM_LOCK_TIMEOUT, DEFAULT_CLAIM_ATTEMPTS);
    }

    /**
     * @param claimLockTimeout how long one claim attempt waits for the previous owner's row locks
     * @param claimAttempts attempts before a claim gives up (and the assignment fails loudly)
     */
    public DatabaseOffsetStore(JdbcClient jdbc, PlatformTransactionManager transactionManager, String consumerGroup,
            String ownerId, Duration claimLockTimeout, int claimAttempts) {
        this.claimLockTimeout = claimLockTimeout;
        this.claimAttempts = claimAttempts;
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.independentTransactions = new TransactionTemplate(transactionManager);
        this.independentTransactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.consumerGroup = consumerGroup;
        this.ownerId = ownerId;
    }

    public String consumerGroup() {
        return consumerGroup;
    }

    public String ownerId() {
        return ownerId;
    }

    /**
     * Takes ownership of the partitions (in its own transaction) and returns where to start reading them.
     *
     * <p>Stored offsets are only returned for the log they were taken from: a row whose topic id differs from the
     * topic's current id belongs to an earlier topic of the same name (deleted and created again, or a broker that
     * lost its data), so its offset is discarded, the partition starts from the beginning, and the claim reports it in
     * {@link Claim#replacedTopicIds()}. A row stored before topic ids were kept adopts the current id and keeps its
     * offset.
     *
     * @param topicIds the current id of every topic among the partitions
     */
    public Claim claim(Collection<TopicPartition> partitions, Map<String, Uuid> topicIds) {
        for (TopicPartition partition : partitions) {
            if (topicIds.get(partition.topic()) == null) {
                throw new IllegalArgumentException("No topic id for " + partition.topic()
                        + "; stored offsets cannot be checked without it");
            }
        }
        for (int attempt = 1;; attempt++) {
            try {
                return claimOnce(partitions, topicIds);
            }
            catch (DataAccessException ex) {
                // The previous owner is inside a batch transaction holding these rows: it commits soon, or, if it is
                // frozen, the server ends its idle transaction (idle_in_transaction_session_timeout) and the locks go.
                if (!isLockTimeout(ex) || attempt >= claimAttempts) {
                    throw ex;
                }
                log.info("{}: offsets of {} are locked by their previous owner, claim attempt {} of {}", consumerGroup,
                        partitions, attempt, claimAttempts);
            }
        }
    }

    // PostgreSQL's lock_not_available; Spring's translation of it varies with the driver path, the SQL state does not.
    private static boolean isLockTimeout(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && LOCK_NOT_AVAILABLE.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private Claim claimOnce(Collection<TopicPartition> partitions, Map<String, Uuid> topicIds) {
        Map<TopicPartition, Long> nextOffsets = new HashMap<>();
        Map<TopicPartition, String> replaced = new HashMap<>();
        Map<TopicPartition, Long> epochs = new HashMap<>();
        transactions.executeWithoutResult(status -> {
            jdbc.sql("SELECT set_config('lock_timeout', :timeout, true)")
                .param("timeout", claimLockTimeout.toMillis() + "ms")
                .query(String.class)
                .single();
            for (TopicPartition partition : sortedByTopicAndPartition(partitions)) {
                String currentId = topicIds.get(partition.topic()).toString();
                // Locked first, so the decision below is made on the row the upsert then changes.
                String storedId = jdbc.sql("""
                        SELECT topic_id FROM kafka_consumer_offsets
                         WHERE consumer_group = :group AND topic = :topic AND partition_id = :partition
                           FOR UPDATE
                        """)
                    .param("group", consumerGroup)
                    .param("topic", partition.topic())
                    .param("partition", partition.partition())
                    .query(String.class)
                    .optional()
                    .orElse(null);
                boolean topicReplaced = storedId != null && !storedId.equals(currentId);
                ClaimedRow row = jdbc.sql("""
                        INSERT INTO kafka_consumer_offsets AS o
                            (consumer_group, topic, partition_id, next_offset, topic_id, owner_id, owner_epoch,
                             updated_at)
                        VALUES (:group, :topic, :partition, NULL, :topicId, :owner, 1, now())
                        ON CONFLICT (consumer_group, topic, partition_id) DO UPDATE
                            SET owner_id = EXCLUDED.owner_id, owner_epoch = o.owner_epoch + 1, updated_at = now(),
                                topic_id = EXCLUDED.topic_id,
                                next_offset = CASE WHEN :replaced THEN NULL ELSE o.next_offset END
                        RETURNING next_offset, owner_epoch
                        """)
                    .param("group", consumerGroup)
                    .param("topic", partition.topic())
                    .param("partition", partition.partition())
                    .param("topicId", currentId)
                    .param("owner", ownerId)
                    .param("replaced", topicReplaced)
                    .query((rs, rowNum) -> new ClaimedRow((Long) rs.getObject("next_offset"), rs.getLong("owner_epoch")))
                    .single();
                if (topicReplaced) {
                    // Offsets of the old log: the new log's records at those offsets were never dead-lettered.
                    jdbc.sql("""
                            DELETE FROM dead_letter_log
                             WHERE consumer_group = :group AND topic = :topic AND partition_id = :partition
                            """)
                        .param("group", consumerGroup)
                        .param("topic", partition.topic())
                        .param("partition", partition.partition())
                        .update();
                    replaced.put(partition, storedId);
                }
                epochs.put(partition, row.epoch());
                if (row.nextOffset() != null) {
                    nextOffsets.put(partition, row.nextOffset());
                }
            }
        });
        // Only after the claim committed: a commit against an uncommitted epoch would be refused anyway.
        claimedEpochs.putAll(epochs);
        partitions.forEach(partition -> claimedTopicIds.put(partition.topic(), topicIds.get(partition.topic())));
        return new Claim(nextOffsets, replaced);
    }

    /** Forgets the partitions; later commits for them are refused. */
    public void release(Collection<TopicPartition> partitions) {
        partitions.forEach(claimedEpochs::remove);
    }

    public Set<TopicPartition> ownedPartitions() {
        return Set.copyOf(claimedEpochs.keySet());
    }

    /** The partition numbers of one topic this consumer owns now, ascending (what the assignments endpoints show). */
    public List<Integer> ownedPartitions(String topic) {
        return claimedEpochs.keySet()
            .stream()
            .filter(partition -> partition.topic().equals(topic))
            .map(TopicPartition::partition)
            .sorted()
            .toList();
    }

    /**
     * Records the next offsets to consume. Must run inside the caller's transaction, the one that writes the rows.
     *
     * @throws OffsetFencedException when a partition is no longer owned by this consumer; the caller's transaction
     *     must roll back (it does, since the exception is unchecked and thrown inside it)
     */
    public void commit(Map<TopicPartition, Long> nextOffsets) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Offsets must be committed inside the transaction that writes the rows");
        }
        Set<TopicPartition> refused = new HashSet<>();
        for (Map.Entry<TopicPartition, Long> entry : byTopicAndPartition(nextOffsets).entrySet()) {
            TopicPartition partition = entry.getKey();
            Long epoch = claimedEpochs.get(partition);
            // One round trip: the dead-letter log rows below the new offset go with the offsets that cover them
            // (a data-modifying CTE runs to completion even though the outer query does not read it).
            long updated = epoch == null ? 0 : jdbc.sql("""
                    WITH updated AS (
                        UPDATE kafka_consumer_offsets
                           SET next_offset = :next, updated_at = now()
                         WHERE consumer_group = :group AND topic = :topic AND partition_id = :partition
                           AND owner_epoch = :epoch
                        RETURNING 1
                    ), cleaned AS (
                        DELETE FROM dead_letter_log
                         WHERE consumer_group = :group AND topic = :topic AND partition_id = :partition
                           AND record_offset < :next AND EXISTS (SELECT 1 FROM updated)
                    )
                    SELECT count(*) FROM updated
                    """)
                .param("next", entry.getValue())
                .param("group", consumerGroup)
                .param("topic", partition.topic())
                .param("partition", partition.partition())
                .param("epoch", epoch)
                .query(Long.class)
                .single();
            if (updated == 0) {
                refused.add(partition);
            }
        }
        if (!refused.isEmpty()) {
            throw new OffsetFencedException(refused);
        }
    }

    /** The id of the topic as it was when this consumer claimed partitions of it; empty when it claimed none. */
    public Optional<Uuid> topicId(String topic) {
        return Optional.ofNullable(claimedTopicIds.get(topic));
    }

    boolean isDeadLettered(ConsumerRecord<?, ?> record) {
        return jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM dead_letter_log
                                WHERE consumer_group = :group AND topic = :topic AND partition_id = :partition
                                  AND record_offset = :offset)
                """)
            .param("group", consumerGroup)
            .param("topic", record.topic())
            .param("partition", record.partition())
            .param("offset", record.offset())
            .query(Boolean.class)
            .single();
    }

    // Its own transaction, committed at once: the batch transaction may still roll back, the dead letter is out.
    void logDeadLetter(ConsumerRecord<?, ?> record) {
        independentTransactions.executeWithoutResult(status -> jdbc.sql("""
                INSERT INTO dead_letter_log (consumer_group, topic, partition_id, record_offset)
                VALUES (:group, :topic, :partition, :offset)
                ON CONFLICT DO NOTHING
                """)
            .param("group", consumerGroup)
            .param("topic", record.topic())
            .param("partition", record.partition())
            .param("offset", record.offset())
            .update());
    }

    /** Every stored next offset of this consumer group (for lag and for tests). */
    public Map<TopicPartition, Long> storedOffsets() {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        jdbc.sql("""
                SELECT topic, partition_id, next_offset FROM kafka_consumer_offsets
                 WHERE consumer_group = :group AND next_offset IS NOT NULL
                """)
            .param("group", consumerGroup)
            .query((rs, rowNum) -> offsets.put(new TopicPartition(rs.getString("topic"), rs.getInt("partition_id")),
                    rs.getLong("next_offset")))
            .list();
        return offsets;
    }

    /** The offset after the last record of each partition in the batch. */
    public static Map<TopicPartition, Long> nextOffsets(List<? extends ConsumerRecord<?, ?>> records) {
        Map<TopicPartition, Long> next = new HashMap<>();
        for (ConsumerRecord<?, ?> record : records) {
            next.merge(new TopicPartition(record.topic(), record.partition()), record.offset() + 1, Math::max);
        }
        return next;
    }

    private static List<TopicPartition> sortedByTopicAndPartition(Collection<TopicPartition> partitions) {
        return List.copyOf(byTopicAndPartition(partitions.stream()
            .collect(java.util.stream.Collectors.toMap(p -> p, p -> 0L, (a, b) -> a))).keySet());
    }

    // A fixed update order keeps two transactions that touch the same partitions from deadlocking.
    private static Map<TopicPartition, Long> byTopicAndPartition(Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, Long> sorted = new TreeMap<>(
                (a, b) -> a.topic().equals(b.topic()) ? Integer.compare(a.partition(), b.partition())
                        : a.topic().compareTo(b.topic()));
        sorted.putAll(offsets);
        return sorted;
    }

    /**
     * Where a claim found the partitions.
     *
     * @param nextOffsets the stored next offset of each partition that has one (of the topic's current log)
     * @param replacedTopicIds partitions whose stored offsets belonged to an earlier topic of the same name, with that
     *     topic's id; their offsets were discarded and they are absent from {@code nextOffsets}
     */
    public record Claim(Map<TopicPartition, Long> nextOffsets, Map<TopicPartition, String> replacedTopicIds) {

        public Claim {
            nextOffsets = Map.copyOf(nextOffsets);
            replacedTopicIds = Map.copyOf(replacedTopicIds);
        }
    }

    private record ClaimedRow(Long nextOffset, long epoch) {
    }
}
