package dev.ridehail.ingest.kafka;

import dev.ridehail.ingest.IngestProperties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Makes sure the topic exists: created with the configured partitions and retention when absent, used unchanged
 * (with a warning) when it exists with other settings, since adding partitions would move riders' keys and break
 * their ordering.
 *
 * <p>Start-up does not wait for Kafka: if the broker is unreachable the service starts anyway (requests answer 503)
 * and keeps trying in the background. A failed publish triggers the same check again, so a broker that comes back
 * without the topic heals too.
 */
@Component
public class TopicInitializer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TopicInitializer.class);

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final Admin admin;

    private final IngestProperties.Topic topic;

    private final Duration timeout;

    private final AtomicBoolean checking = new AtomicBoolean();

    private volatile boolean running;

    private volatile Thread worker;

    TopicInitializer(Admin admin, IngestProperties properties) {
        this.admin = admin;
        this.topic = properties.topic();
        this.timeout = properties.health().timeout();
    }

    @Override
    public void start() {
        running = true;
        if (checking.compareAndSet(false, true)) {
            if (ensure()) {
                checking.set(false);
            }
            else {
                worker = Thread.ofVirtual().name("topic-initializer").start(this::retryUntilEnsured);
            }
        }
    }

    /** Checks (and if needed creates) the topic on a background thread unless a check is already running. */
    public void ensureInBackground() {
        if (running && checking.compareAndSet(false, true)) {
            worker = Thread.ofVirtual().name("topic-initializer").start(this::retryUntilEnsured);
        }
    }

    @Override
    public void stop() {
        running = false;
        Thread current = worker;
        if (current != null) {
            current.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void retryUntilEnsured() {
        Duration backoff = Duration.ofMillis(500);
        try {
            while (running && !ensure()) {
                Thread.sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        finally {
            checking.set(false);
        }
    }

    private boolean ensure() {
        try {
            TopicDescription description = describe();
            if (description == null) {
                create();
            }
            else {
                warnIfDifferent(description);
            }
            return true;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
        catch (Exception ex) {
            log.warn("Could not check topic {} yet ({}); requests answer 503 until Kafka is reachable", topic.name(),
                    ex.getMessage());
            return false;
        }
    }

    private TopicDescription describe() throws Exception {
        try {
            return admin.describeTopics(List.of(topic.name()), new DescribeTopicsOptions().timeoutMs(timeoutMs()))
                .allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .get(topic.name());
        }
        catch (ExecutionException ex) {
            if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw ex;
        }
    }

    private void create() throws Exception {
        NewTopic newTopic = new NewTopic(topic.name(), topic.partitions(), topic.replicationFactor())
            .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(topic.retention().toMillis())));
        try {
            admin.createTopics(List.of(newTopic), new CreateTopicsOptions().timeoutMs(timeoutMs()))
                .all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            log.info("Created topic {} with {} partitions, replication factor {}, retention {}", topic.name(),
                    topic.partitions(), topic.replicationFactor(), topic.retention());
        }
        catch (ExecutionException ex) {
            if (!(ex.getCause() instanceof TopicExistsException)) {
                throw ex;
            }
        }
    }

    private void warnIfDifferent(TopicDescription description) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
        Config config = admin.describeConfigs(List.of(resource), new DescribeConfigsOptions().timeoutMs(timeoutMs()))
            .all()
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .get(resource);
        ConfigEntry retention = config.get(TopicConfig.RETENTION_MS_CONFIG);
        int partitions = description.partitions().size();
        String retentionMs = retention == null ? "?" : retention.value();
        if (partitions != topic.partitions() || !Long.toString(topic.retention().toMillis()).equals(retentionMs)) {
            log.warn("Topic {} exists with {} partitions and retention.ms={} (configured {} and {}); using it as it is",
                    topic.name(), partitions, retentionMs, topic.partitions(), topic.retention().toMillis());
        }
        else {
            log.info("Topic {} exists with {} partitions", topic.name(), partitions);
        }
    }

    private int timeoutMs() {
        return Math.toIntExact(timeout.toMillis());
    }
}
