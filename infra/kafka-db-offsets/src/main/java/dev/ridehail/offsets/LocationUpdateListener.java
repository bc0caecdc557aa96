package dev.ridehail.offsets;

import dev.ridehail.contract.LocationUpdateEvent;
import dev.ridehail.contract.LocationUpdateEventParser;
import dev.ridehail.contract.LocationUpdateEventParser.Accepted;
import dev.ridehail.contract.LocationUpdateEventParser.Rejected;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The one consumer loop: each poll is parsed with the contract's parser, rejected records are dead-lettered, and the
 * valid updates are written ({@link LocationBatchWriter}) with the poll's next offsets in one transaction. Database
 * failures propagate to the retrying error handler; a batch fenced by another consumer is rolled back and rewound.
 *
 * <p>One listener for both services, registered by {@link ConsumerAutoConfiguration}: the topic and group come from
 * {@link ConsumerProperties}, and the container's id is the group ({@code trip-service}, {@code rider-service}).
 */
public class LocationUpdateListener {

    private static final Logger log = LoggerFactory.getLogger(LocationUpdateListener.class);

    // The walkthrough shows every consumed record, like the source notes' consumer.js, when switched to DEBUG.
    private static final Logger walkthrough = LoggerFactory.getLogger("dev.ridehail.walkthrough");

    private final ConsumerProperties properties;

    private final String topic;

    private final LocationUpdateEventParser parser;

    private final LocationBatchWriter writer;

    private final DatabaseOffsetStore offsets;

    private final DatabaseOffsetRebalanceListener assignments;

    private final DeadLetterPublisher deadLetters;

    private final TransactionTemplate transactions;

    private final JdbcClient jdbc;

    private final String serviceName;

    private final String writeStatementTimeout;

    private final DistributionSummary batchRecords;

    private final Timer parseTime;

    private final Timer transactionTime;

    private final Timer offsetsTime;

    public LocationUpdateListener(ConsumerProperties properties, String topic, LocationUpdateEventParser parser,
            LocationBatchWriter writer, DatabaseOffsetStore offsets, DatabaseOffsetRebalanceListener assignments,
            DeadLetterPublisher deadLetters,
            PlatformTransactionManager transactionManager, JdbcClient jdbc, MeterRegistry meters, String serviceName) {
        this.properties = properties;
        this.topic = topic;
        this.parser = parser;
        this.writer = writer;
        this.offsets = offsets;
        this.assignments = assignments;
        this.deadLetters = deadLetters;
        this.transactions = new TransactionTemplate(transactionManager);
        this.jdbc = jdbc;
        this.serviceName = serviceName;
        this.writeStatementTimeout = properties.writeStatementTimeout().toMillis() + "ms";
        // Records per poll: small polls mean a fixed per-transaction cost spread over few rows.
        this.batchRecords = DistributionSummary.builder(ConsumerMetrics.BATCH_RECORDS)
            .description("Records per poll of the consumer")
            .register(meters);
        this.parseTime = ConsumerMetrics.batchPhase(meters, "parse");
        this.transactionTime = ConsumerMetrics.batchPhase(meters, "transaction");
        this.offsetsTime = ConsumerMetrics.batchPhase(meters, "offsets");
    }

    /** The consumer group, for the container id (read by {@code @KafkaListener} below). */
    public String group() {
        return properties.group();
    }

    /** The topic drained (read by {@code @KafkaListener} below). */
    public String topic() {
        return topic;
    }

    @KafkaListener(id = "#{__listener.group()}", topics = "#{__listener.topic()}", batch = "true")
    void onBatch(List<ConsumerRecord<byte[], byte[]>> records, Consumer<?, ?> consumer) {
        batchRecords.record(records.size());
        long parseStart = System.nanoTime();
        List<LocationUpdateEvent> valid = new ArrayList<>(records.size());
        boolean walkthroughEnabled = walkthrough.isDebugEnabled();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (walkthroughEnabled) {
                walkthrough.debug("{}: [{}]: PART:{}: {}", serviceName, record.topic(), record.partition(),
                        record.value() == null ? "null" : new String(record.value(), StandardCharsets.UTF_8));
            }
            switch (parser.parse(record.value())) {
                case Accepted(LocationUpdateEvent update) -> valid.add(update);
                case Rejected(String reason, String detail) -> {
                    log.warn("Dead-lettering {}-{}@{}: {} {}", record.topic(), record.partition(), record.offset(),
                            reason, detail);
                    deadLetters.publish(record, reason, detail);
                }
            }
        }
        long writeStart = System.nanoTime();
        parseTime.record(writeStart - parseStart, TimeUnit.NANOSECONDS);
        Map<TopicPartition, Long> nextOffsets = DatabaseOffsetStore.nextOffsets(records);
        try {
            transactions.executeWithoutResult(status -> writeWithOffsets(valid, nextOffsets));
            transactionTime.record(System.nanoTime() - writeStart, TimeUnit.NANOSECONDS);
        }
        catch (OffsetFencedException fenced) {
            rewind(records, consumer, fenced);
            claimAgainIfNeverClaimed(consumer, fenced);
        }
    }

    // An assignment whose claim failed (the topic id could not be read within the rebalance listener's budget) leaves
    // partitions assigned to this consumer but never claimed: every commit touching them is refused, which would
    // refuse every batch until the next rebalance, and Kafka 4's consumer protocol cannot be asked for one. Claiming
    // them now, from the poll thread, does what the assignment should have done (check the topic id, seek to the
    // stored offsets). Partitions this consumer did claim were taken by another instance: their revocation is on its
    // way and they are left alone.
    private void claimAgainIfNeverClaimed(Consumer<?, ?> consumer, OffsetFencedException fenced) {
        Set<TopicPartition> owned = offsets.ownedPartitions();
        List<TopicPartition> neverClaimed = fenced.partitions()
            .stream()
            .filter(consumer.assignment()::contains)
            .filter(partition -> !owned.contains(partition))
            .toList();
        if (neverClaimed.isEmpty()) {
            return;
        }
        log.warn("{}: {} are assigned here but were never claimed (a failed assignment); claiming them now", group(),
                neverClaimed);
        try {
            assignments.onPartitionsAssigned(consumer, neverClaimed);
        }
        catch (RuntimeException ex) {
            log.error("{}: claiming {} failed again, retried after the next refused batch: {}", group(), neverClaimed,
                    ex.getMessage());
        }
    }

    private void writeWithOffsets(List<LocationUpdateEvent> valid, Map<TopicPartition, Long> nextOffsets) {
        // A locked or slow table must make the batch wait (the listener keeps its partitions), not fail and retry
        // every few seconds; the query path keeps the connection's short timeout. Local to this transaction.
        jdbc.sql("SELECT set_config('statement_timeout', :timeout, true)")
            .param("timeout", writeStatementTimeout)
            .query(String.class)
            .single();
        try {
            writer.write(valid);
        }
        catch (SQLException ex) {
            throw new UncategorizedSQLException("Writing a batch of " + valid.size() + " location updates", null, ex);
        }
        long offsetsStart = System.nanoTime();
        offsets.commit(nextOffsets);
        offsetsTime.record(System.nanoTime() - offsetsStart, TimeUnit.NANOSECONDS);
    }

    // Rolled back: rewind so nothing of the batch is skipped. Only partitions still assigned can be sought (seek on any
    // other throws IllegalStateException); a partition already revoked is continued by its new owner from the offsets
    // stored with its rows, and the revocation of the others arrives with the next poll.
    private static void rewind(List<ConsumerRecord<byte[], byte[]>> records, Consumer<?, ?> consumer,
            OffsetFencedException fenced) {
        Map<TopicPartition, Long> firstOffsets = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            firstOffsets.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min);
        }
        Set<TopicPartition> assigned = consumer.assignment();
        Map<TopicPartition, Long> rewound = new LinkedHashMap<>();
        firstOffsets.forEach((partition, offset) -> {
            if (assigned.contains(partition)) {
                consumer.seek(partition, offset);
                rewound.put(partition, offset);
            }
        });
        log.warn("Batch rolled back, {} owned by another consumer now; rewound {} (not assigned any more: {})",
                fenced.partitions(), rewound, firstOffsets.keySet().stream().filter(p -> !assigned.contains(p)).toList());
    }
}
