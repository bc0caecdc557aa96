package dev.ridehail.offsets;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates a topic when it is missing and never changes an existing one.
 *
 * <p>Not a {@code NewTopic} bean: Spring's {@code KafkaAdmin} adds partitions to an existing topic that has fewer than
 * declared, which moves riders' keys to other partitions and breaks per-rider order (the source notes created
 * {@code rider-updates} with 2 partitions). A failure is logged, not thrown: a consumer simply waits for the topic.
 */
public final class TopicBootstrap {

    private static final Logger log = LoggerFactory.getLogger(TopicBootstrap.class);

    private TopicBootstrap() {
    }

    /** @return whether this call created the topic */
    public static boolean createIfAbsent(Map<String, Object> adminConfig, NewTopic topic, Duration timeout) {
        try (Admin admin = Admin.create(adminConfig)) {
            admin.createTopics(List.of(topic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            log.info("Created topic {} ({} partitions)", topic.name(), topic.numPartitions());
            return true;
        }
        catch (ExecutionException ex) {
            if (ex.getCause() instanceof TopicExistsException) {
                log.info("Topic {} exists; using it as it is", topic.name());
            }
            else {
                log.warn("Could not create topic {}: {}", topic.name(), ex.getCause().getMessage());
            }
            return false;
        }
        catch (TimeoutException ex) {
            log.warn("Could not create topic {} within {}; consumers wait for it", topic.name(), timeout);
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
