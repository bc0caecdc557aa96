package dev.ridehail.offsets;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Moves a record that cannot be stored (not JSON, invalid, unknown schema version) to the dead-letter topic, with the
 * original key and value bytes and headers saying where it came from and why, so it never blocks its partition.
 *
 * <p>Sends synchronously: the offset of a dead-lettered record is committed with the batch, so the dead letter must be
 * acknowledged first.
 *
 * <p>Once per record and consumer group: the batch may still roll back after the dead letter is out (a database error,
 * a fencing) and the record is then read again, by this consumer or the partition's next owner. So after the broker's
 * acknowledgement the record's coordinates go into {@code dead_letter_log} (in a transaction of their own), a record
 * found there is not published again, and the batch transaction that commits an offset past it deletes its row
 * ({@link DatabaseOffsetStore#commit}). Two windows remain in which a second copy can appear: a crash (or a lost
 * database) between the acknowledgement and the log insert, and two consumers reading the same record at the same time
 * while one of them is being fenced. For those, {@link #DEAD_LETTER_ID} is the same on every copy of one record's
 * dead letter from one consumer group: DLT readers de-duplicate on it.
 */
public class DeadLetterPublisher {

    public static final String ORIGINAL_TOPIC = "dlt-original-topic";

    public static final String ORIGINAL_PARTITION = "dlt-original-partition";

    public static final String ORIGINAL_OFFSET = "dlt-original-offset";

    public static final String REASON = "dlt-reason";

    public static final String REASON_DETAIL = "dlt-reason-detail";

    /** The Kafka topic id of the original topic, which tells apart records of a topic deleted and created again. */
    public static final String ORIGINAL_TOPIC_ID = "dlt-original-topic-id";

    /** The consumer group that dead-lettered the record (each group dead-letters a bad record once). */
    public static final String CONSUMER_GROUP = "dlt-consumer-group";

    /**
     * {@code <consumer group>/<topic id>/<partition>/<offset>}: identical on every copy of one record's dead letter from
     * one consumer group, unique otherwise; the key to de-duplicate on.
     */
    public static final String DEAD_LETTER_ID = "dlt-id";

    static final String COUNTER = "consumer.dead.letters";

    static final long SEND_TIMEOUT_SECONDS = 30;

    private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);

    private final KafkaOperations<byte[], byte[]> kafka;

    private final String deadLetterTopic;

    private final MeterRegistry meters;

    private final String serviceName;

    private final DatabaseOffsetStore offsets;

    /** @param offsets the store of the consumer whose records this publisher dead-letters */
    public DeadLetterPublisher(KafkaOperations<byte[], byte[]> kafka, String deadLetterTopic, MeterRegistry meters,
            String serviceName, DatabaseOffsetStore offsets) {
        this.kafka = kafka;
        this.offsets = offsets;
        this.deadLetterTopic = deadLetterTopic;
        this.meters = meters;
        this.serviceName = serviceName;
    }

    public String deadLetterTopic() {
        return deadLetterTopic;
    }

    /**
     * Publishes the record's dead letter unless this consumer group already did.
     *
     * @return whether a dead letter was sent now (false: it was on the dead-letter topic already)
     * @throws IllegalStateException when the broker did not acknowledge; the batch must be retried
     */
    public boolean publish(ConsumerRecord<byte[], byte[]> record, String reasonCode, String reasonDetail) {
        if (offsets.isDeadLettered(record)) {
            log.info("{} is on {} already (a batch read again); not publishing it twice", coordinates(record),
                    deadLetterTopic);
            return false;
        }
        String topicId = offsets.topicId(record.topic())
            .orElseThrow(() -> new IllegalStateException("Cannot dead-letter " + coordinates(record)
                    + ": no partition of its topic was claimed by " + offsets.consumerGroup()))
            .toString();
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            headers.add(header);
        }
        headers.add(ORIGINAL_TOPIC, utf8(record.topic()));
        headers.add(ORIGINAL_PARTITION, utf8(Integer.toString(record.partition())));
        headers.add(ORIGINAL_OFFSET, utf8(Long.toString(record.offset())));
        headers.add(REASON, utf8(reasonCode));
        headers.add(REASON_DETAIL, utf8(reasonDetail));
        headers.add(ORIGINAL_TOPIC_ID, utf8(topicId));
        headers.add(CONSUMER_GROUP, utf8(offsets.consumerGroup()));
        headers.add(DEAD_LETTER_ID, utf8(offsets.consumerGroup() + "/" + topicId + "/" + record.partition() + "/"
                + record.offset()));
        ProducerRecord<byte[], byte[]> deadLetter = new ProducerRecord<>(deadLetterTopic, null, record.key(),
                record.value(), headers);
        try {
            kafka.send(deadLetter).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while dead-lettering " + coordinates(record), ex);
        }
        catch (ExecutionException | TimeoutException ex) {
            // Propagates to the retrying error handler: the record is neither stored nor skipped.
            throw new IllegalStateException("Could not dead-letter " + coordinates(record), ex);
        }
        // A crash or a database error from here to the insert is the one window for a second copy (see above); the
        // error propagates, and the retried batch publishes again.
        offsets.logDeadLetter(record);
        Counter.builder(COUNTER)
            .description("Records moved to the dead-letter topic, by reason")
            .tag("service", serviceName)
            .tag("reason", reasonCode)
            .register(meters)
            .increment();
        return true;
    }

    private static String coordinates(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    private static byte[] utf8(String value) {
        return (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
    }
}
