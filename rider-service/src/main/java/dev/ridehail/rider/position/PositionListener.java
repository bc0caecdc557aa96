package dev.ridehail.rider.position;

import dev.ridehail.contract.LocationUpdateEvent;
import dev.ridehail.contract.LocationUpdateEventParser.Accepted;
import dev.ridehail.contract.LocationUpdateEventParser.Rejected;
import dev.ridehail.offsets.DatabaseOffsetStore;
import dev.ridehail.offsets.DeadLetterPublisher;
import dev.ridehail.offsets.OffsetFencedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Consumes rider-updates in batches and keeps the newest position per rider: each batch collapses to one row per rider
 * before it reaches the database, so a rider reporting ten times within a batch costs one row write, not ten.
 */
@Component
class PositionListener {

    private static final Logger log = LoggerFactory.getLogger(PositionListener.class);

    private static final Logger walkthrough = LoggerFactory.getLogger("dev.ridehail.walkthrough");

    private final LocationUpdateParser parser;

    private final PositionWriter writer;

    private final DeadLetterPublisher deadLetters;

    private final String serviceName;

    private final Counter consumed;

    private final Counter collapsed;

    private final Counter written;

    PositionListener(LocationUpdateParser parser, PositionWriter writer, DeadLetterPublisher deadLetters,
            MeterRegistry meters, @Value("${spring.application.name}") String serviceName) {
        this.parser = parser;
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.serviceName = serviceName;
        this.consumed = Counter.builder("rider.positions.updates.consumed")
            .description("Valid location updates consumed (dead letters excluded)")
            .register(meters);
        this.collapsed = Counter.builder("rider.positions.rows.upserted")
            .description("Rows sent to the upsert after collapsing each batch to one update per rider")
            .register(meters);
        this.written = Counter.builder("rider.positions.rows.written")
            .description("Position rows actually inserted or replaced (older and duplicate updates write nothing)")
            .register(meters);
    }

    @KafkaListener(id = "rider-positions", topics = "${rider.topic.name}", groupId = "${rider.consumer.group}",
            batch = "true")
    void onBatch(List<ConsumerRecord<byte[], byte[]>> records, Consumer<?, ?> consumer) {
        long started = System.nanoTime();
        Map<String, LocationUpdateEvent> newest = new HashMap<>();
        boolean walkthroughEnabled = walkthrough.isDebugEnabled();
        int valid = 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (walkthroughEnabled) {
                walkthrough.debug("{}: [{}]: PART:{}: {}", serviceName, record.topic(), record.partition(),
                        record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8));
            }
            switch (parser.parse(record.value())) {
                case Accepted(LocationUpdateEvent update) -> {
                    valid++;
                    // Strictly newer wins, so of equal recordedAt the first one stays, as the upsert does.
                    newest.merge(update.riderId(), update,
                            (kept, next) -> next.recordedAt().isAfter(kept.recordedAt()) ? next : kept);
                }
                case Rejected(String reason, String detail) -> {
                    log.warn("Dead-lettering {}-{}@{}: {} {}", record.topic(), record.partition(), record.offset(),
                            reason, detail);
                    deadLetters.publish(record, reason, detail);
                }
            }
        }
        List<LocationUpdateEvent> latest = new ArrayList<>(newest.values());
        latest.sort(Comparator.comparing(LocationUpdateEvent::riderId));
        int rows;
        try {
            rows = writer.write(latest, DatabaseOffsetStore.nextOffsets(records));
        }
        catch (OffsetFencedException fenced) {
            // Another instance owns these partitions now and continues from the offsets stored with its rows; rewind so
            // nothing of this batch counts as consumed here.
            Map<TopicPartition, Long> firstOffsets = new LinkedHashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                firstOffsets.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min);
            }
            firstOffsets.forEach(consumer::seek);
            log.warn("Batch rolled back, partitions were claimed by another instance: {}", fenced.getMessage());
            return;
        }
        consumed.increment(valid);
        collapsed.increment(latest.size());
        written.increment(rows);
        if (log.isDebugEnabled()) {
            log.debug("Batch of {} records ({} valid) -> {} rows upserted, {} written, in {} ms", records.size(), valid,
                    latest.size(), rows, (System.nanoTime() - started) / 1_000_000);
        }
    }
}
