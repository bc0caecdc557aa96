package dev.ridehail.trip.history;

import dev.ridehail.offsets.DeadLetterPublisher;
import dev.ridehail.offsets.DatabaseOffsetStore;
import dev.ridehail.offsets.OffsetFencedException;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Drains rider-updates: each poll is parsed, bad records are dead-lettered, and the rest is written with the batch's
 * offsets in one transaction ({@link LocationBatchService}). Database failures propagate to the retrying error handler.
 */
@Component
class LocationUpdateListener {

    static final String LISTENER_ID = "trip-history";

    private static final Logger log = LoggerFactory.getLogger(LocationUpdateListener.class);

    // The walkthrough shows every consumed record, like the source notes' consumer.js, when switched to DEBUG.
    private static final Logger walkthrough = LoggerFactory.getLogger("dev.ridehail.walkthrough");

    private final LocationUpdateParser parser;

    private final LocationBatchService batches;

    private final DeadLetterPublisher deadLetters;

    private final String serviceName;

    private final Timer parseTime;

    private final Timer transactionTime;

    private final DistributionSummary batchRecords;

    LocationUpdateListener(LocationUpdateParser parser, LocationBatchService batches, DeadLetterPublisher deadLetters,
            MeterRegistry meters, @Value("${spring.application.name}") String serviceName) {
        this.parser = parser;
        this.batches = batches;
        this.deadLetters = deadLetters;
        this.serviceName = serviceName;
        this.parseTime = BatchPhases.timer(meters, "parse");
        this.transactionTime = BatchPhases.timer(meters, "transaction");
        // Records per poll: small polls mean a fixed per-transaction cost spread over few rows.
        this.batchRecords = DistributionSummary.builder("trip_batch_records")
            .description("Records per poll of the history consumer")
            .register(meters);
    }

    @KafkaListener(id = LISTENER_ID, topics = "${trip.topic.name}", groupId = "${trip.consumer.group}")
    void onBatch(List<ConsumerRecord<byte[], byte[]>> records, Consumer<?, ?> consumer) throws SQLException {
        batchRecords.record(records.size());
        long parseStart = System.nanoTime();
        List<LocationUpdate> valid = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (walkthrough.isDebugEnabled()) {
                walkthrough.debug("{}: [{}]: PART:{}: {}", serviceName, record.topic(), record.partition(),
                        record.value() == null ? "null" : new String(record.value(), StandardCharsets.UTF_8));
            }
            switch (parser.parse(record.value())) {
                case LocationUpdateParser.Valid(LocationUpdate update) -> valid.add(update);
                case LocationUpdateParser.Invalid(String reason, String detail) -> {
                    log.warn("Dead-lettering {}-{}@{}: {} {}", record.topic(), record.partition(), record.offset(),
                            reason, detail);
                    deadLetters.publish(record, reason, detail);
                }
            }
        }
        long writeStart = System.nanoTime();
        parseTime.record(writeStart - parseStart, TimeUnit.NANOSECONDS);
        try {
            batches.write(valid, DatabaseOffsetStore.nextOffsets(records));
            transactionTime.record(System.nanoTime() - writeStart, TimeUnit.NANOSECONDS);
        }
        catch (OffsetFencedException ex) {
            // Rolled back: rewind so nothing is skipped; the revocation arrives with the next poll and the new owner
            // continues from the stored offsets.
            Map<TopicPartition, Long> firstOffsets = new LinkedHashMap<>();
            records.forEach(r -> firstOffsets.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min));
            firstOffsets.forEach((partition, offset) -> {
                if (consumer.assignment().contains(partition)) {
                    consumer.seek(partition, offset);
                }
            });
            log.warn("Batch rolled back, {} owned by another consumer now; rewound to {}", ex.partitions(), firstOffsets);
        }
    }
}
