package dev.ridehail.ingest.location;

import dev.ridehail.topics.TopicProperties;
import dev.ridehail.contract.LocationUpdateEvent;
import dev.ridehail.ingest.IngestProperties;
import dev.ridehail.ingest.kafka.TopicInitializer;
import dev.ridehail.security.Caller;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes updates to the topic and waits, bounded, for the broker's acknowledgement. Callers run on virtual threads,
 * so a request blocked here costs no platform thread.
 *
 * <p>Each record carries where it came from as headers, outside the contract's value: {@value #DEVICE_ID_HEADER} (the
 * token's {@code device_id}, when it has one) and {@value #TOKEN_ID_HEADER} (its {@code jti}), so an update can be
 * traced to the device and token that sent it. Consumers read only the value.
 */
@Component
class LocationPublisher {

    static final String DEVICE_ID_HEADER = "device-id";

    static final String TOKEN_ID_HEADER = "token-id";

    private static final Header[] NO_HEADERS = new Header[0];

    private final KafkaTemplate<String, LocationUpdateEvent> template;

    private final String topic;

    private final Duration ackTimeout;

    private final TopicInitializer topicInitializer;

    LocationPublisher(KafkaTemplate<String, LocationUpdateEvent> template, IngestProperties properties,
            TopicProperties topicProperties, TopicInitializer topicInitializer) {
        this.template = template;
        this.topic = topicProperties.name();
        this.ackTimeout = properties.publish().ackTimeout();
        this.topicInitializer = topicInitializer;
    }

    /**
     * Sends all events (key = riderId, headers naming the caller's device and token) and returns their positions once
     * every one is acknowledged.
     * @throws KafkaUnavailableException when any record is not acknowledged within the ack timeout
     */
    List<Published> publish(List<LocationUpdateEvent> events, Caller caller) {
        Header[] origin = origin(caller);
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        List<CompletableFuture<SendResult<String, LocationUpdateEvent>>> pending = new ArrayList<>(events.size());
        try {
            for (LocationUpdateEvent event : events) {
                // send() itself may block up to max.block.ms (set to the ack timeout) for metadata or buffer space
                pending.add(template.send(new ProducerRecord<>(topic, null, event.riderId(), event,
                        new RecordHeaders(origin))));
                if (System.nanoTime() - deadline > 0) {
                    throw new TimeoutException("the producer did not take the records in time");
                }
            }
            List<Published> published = new ArrayList<>(events.size());
            for (CompletableFuture<SendResult<String, LocationUpdateEvent>> future : pending) {
                long remaining = Math.max(0, deadline - System.nanoTime());
                SendResult<String, LocationUpdateEvent> result = future.get(remaining, TimeUnit.NANOSECONDS);
                published.add(new Published(result.getProducerRecord().value().eventId().toString(),
                        result.getRecordMetadata().partition(), result.getRecordMetadata().offset()));
            }
            return published;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw unavailable(ex);
        }
        catch (TimeoutException | ExecutionException | org.springframework.kafka.KafkaException
                | org.apache.kafka.common.KafkaException ex) {
            throw unavailable(ex);
        }
    }

    private static Header[] origin(Caller caller) {
        if (caller.deviceId() == null && caller.tokenId() == null) {
            return NO_HEADERS;
        }
        List<Header> headers = new ArrayList<>(2);
        if (caller.deviceId() != null) {
            headers.add(new RecordHeader(DEVICE_ID_HEADER, caller.deviceId().getBytes(StandardCharsets.UTF_8)));
        }
        if (caller.tokenId() != null) {
            headers.add(new RecordHeader(TOKEN_ID_HEADER, caller.tokenId().getBytes(StandardCharsets.UTF_8)));
        }
        return headers.toArray(Header[]::new);
    }

    private KafkaUnavailableException unavailable(Exception cause) {
        // A broker that came back empty, or a topic deleted meanwhile, would otherwise never recover.
        topicInitializer.ensureInBackground();
        return new KafkaUnavailableException("Kafka did not acknowledge the update(s) within " + ackTimeout.toMillis()
                + " ms", cause);
    }

    record Published(String eventId, int partition, long offset) {
    }
}
