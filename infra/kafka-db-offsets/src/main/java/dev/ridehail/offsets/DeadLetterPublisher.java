package dev.ridehail.offsets;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
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
 * acknowledged first. If the batch then rolls back, the redelivered record is dead-lettered again (at least once).
 */
public class DeadLetterPublisher {

    public static final String ORIGINAL_TOPIC = "dlt-original-topic";

    public static final String ORIGINAL_PARTITION = "dlt-original-partition";

    public static final String ORIGINAL_OFFSET = "dlt-original-offset";

    public static final String REASON = "dlt-reason";

    public static final String REASON_DETAIL = "dlt-reason-detail";

    static final long SEND_TIMEOUT_SECONDS = 30;

    private final KafkaOperations<byte[], byte[]> kafka;

    private final String deadLetterTopic;

    private final MeterRegistry meters;

    private final String serviceName;

    public DeadLetterPublisher(KafkaOperations<byte[], byte[]> kafka, String deadLetterTopic, MeterRegistry meters,
            String serviceName) {
        this.kafka = kafka;
        this.deadLetterTopic = deadLetterTopic;
        this.meters = meters;
        this.serviceName = serviceName;
    }

    public String deadLetterTopic() {
        return deadLetterTopic;
    }

    public void publish(ConsumerRecord<byte[], byte[]> record, String reasonCode, String reasonDetail) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            headers.add(header);
        }
        headers.add(ORIGINAL_TOPIC, utf8(record.topic()));
        headers.add(ORIGINAL_PARTITION, utf8(Integer.toString(record.partition())));
        headers.add(ORIGINAL_OFFSET, utf8(Long.toString(record.offset())));
        headers.add(REASON, utf8(reasonCode));
        headers.add(REASON_DETAIL, utf8(reasonDetail));
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
        Counter.builder("rider_updates_dead_lettered")
            .description("Records moved to the dead-letter topic, by reason")
            .tag("service", serviceName)
            .tag("reason", reasonCode)
            .register(meters)
            .increment();
    }

    private static String coordinates(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    private static byte[] utf8(String value) {
        return (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
    }
}
