package dev.ridehail.offsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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

    private final Map<TopicPartition, Long> claimedEpochs = new ConcurrentHashMap<>();

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
     * Takes ownership of the partitions (in its own transaction) and returns their stored next offsets; a partition
     * with nothing stored yet is absent from the result.
     */
    public Map<TopicPartition, Long> claim(Collection<TopicPartition> partitions) {
        for (int attempt = 1;; attempt++) {
            try {
                return claimOnce(partitions);
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

    private Map<TopicPartition, Long> claimOnce(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> nextOffsets = new HashMap<>();
        Map<TopicPartition, Long> epochs = new HashMap<>();
        transactions.executeWithoutResult(status -> {
            jdbc.sql("SELECT set_config('lock_timeout', :timeout, true)")
                .param("timeout", claimLockTimeout.toMillis() + "ms")
                .query(String.class)
                .single();
            for (TopicPartition partition : sortedByTopicAndPartition(partitions)) {
                ClaimedRow row = jdbc.sql("""
                        INSERT INTO kafka_consumer_offsets AS o
                            (consumer_group, topic, partition_id, next_offset, owner_id, owner_epoch, updated_at)
                        VALUES (:group, :topic, :partition, NULL, :owner, 1, now())
                        ON CONFLICT (consumer_group, topic, partition_id) DO UPDATE
                            SET owner_id = EXCLUDED.owner_id, owner_epoch = o.owner_epoch + 1, updated_at = now()
                        RETURNING next_offset, owner_epoch
                        """)
                    .param("group", consumerGroup)
                    .param("topic", partition.topic())
                    .param("partition", partition.partition())
                    .param("owner", ownerId)
                    .query((rs, rowNum) -> new ClaimedRow((Long) rs.getObject("next_offset"), rs.getLong("owner_epoch")))
                    .single();
                epochs.put(partition, row.epoch());
                if (row.nextOffset() != null) {
                    nextOffsets.put(partition, row.nextOffset());
                }
            }
        });
        // Only after the claim committed: a commit against an uncommitted epoch would be refused anyway.
        claimedEpochs.putAll(epochs);
        return nextOffsets;
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
            int updated = epoch == null ? 0 : jdbc.sql("""
                    UPDATE kafka_consumer_offsets
                       SET next_offset = :next, updated_at = now()
                     WHERE consumer_group = :group AND topic = :topic AND partition_id = :partition
                       AND owner_epoch = :epoch
                    """)
                .param("next", entry.getValue())
                .param("group", consumerGroup)
                .param("topic", partition.topic())
                .param("partition", partition.partition())
                .param("epoch", epoch)
                .update();
            if (updated == 0) {
                refused.add(partition);
            }
        }
        if (!refused.isEmpty()) {
            throw new OffsetFencedException(refused);
        }
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

    private record ClaimedRow(Long nextOffset, long epoch) {
    }
}
