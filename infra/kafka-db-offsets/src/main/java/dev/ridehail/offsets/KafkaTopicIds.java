package dev.ridehail.offsets;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Looks up the ids Kafka gives topics, so stored offsets can be checked against the log they were taken from: a topic
 * deleted and created again under the same name has a new id.
 *
 * <p>One admin client for the life of the consumer; close it with the application (Spring does, as a bean).
 */
public class KafkaTopicIds implements AutoCloseable {

    private final Admin admin;

    private final Duration timeout;

    /** @param timeout how long one lookup may take before it fails */
    public KafkaTopicIds(Map<String, Object> adminConfig, Duration timeout) {
        this.admin = Admin.create(adminConfig);
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }

    /**
     * @return the current id of each topic
     * @throws TopicIdLookupException when the broker does not answer in time or a topic does not exist
     */
    public Map<String, Uuid> current(Collection<String> topics) {
        try {
            Map<String, TopicDescription> descriptions = admin
                .describeTopics(topics, new DescribeTopicsOptions().timeoutMs((int) timeout.toMillis()))
                .allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<String, Uuid> ids = new HashMap<>();
            descriptions.forEach((name, description) -> ids.put(name, description.topicId()));
            return ids;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new TopicIdLookupException("Interrupted while looking up the ids of " + topics, ex);
        }
        catch (ExecutionException ex) {
            throw new TopicIdLookupException("Could not look up the ids of " + topics + ": " + ex.getCause(),
                    ex.getCause());
        }
        catch (TimeoutException ex) {
            throw new TopicIdLookupException("No answer within " + timeout + " for the ids of " + topics, ex);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }

    /** The topic ids could not be read, so stored offsets cannot be checked against the log. */
    public static class TopicIdLookupException extends RuntimeException {

        TopicIdLookupException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
