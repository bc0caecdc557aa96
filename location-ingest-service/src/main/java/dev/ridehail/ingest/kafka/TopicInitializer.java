package dev.ridehail.ingest.kafka;

import dev.ridehail.topics.TopicProperties;
import dev.ridehail.ingest.IngestProperties;
import dev.ridehail.topics.TopicAdmin;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The owner of rider-updates and its dead-letter topic (everyone else only checks them): creates each with its
 * configured shape when absent ({@link TopicAdmin}, the dead-letter topic matching the main topic; replication as the
 * cluster's brokers allow unless configured), and uses an existing
 * one unchanged, with a warning when it differs, since adding partitions would move riders' keys and break their
 * ordering.
 *
 * <p>Start-up does not wait for Kafka: if the broker is unreachable the service starts anyway (requests answer 503)
 * and keeps trying in the background. A failed publish triggers the same check again, so a broker that comes back
 * without the topic heals too.
 *
 * <p>A topic that is gone, or back with another topic id, after this service had seen it was lost with its broker's
 * data, and with it the state of the idempotent producers the broker knew. A broker that starts empty hands producer
 * ids out from the beginning again, so the id this service's producer still holds can be handed to another producer:
 * a newer producer with the same id is refused ({@code InvalidProducerEpochException}), and worse, a batch with the
 * same id, epoch and sequence as one already on the new log is taken for a retry of it and acknowledged without being
 * written (both seen in fault scenario 10). So the producer is reset before the new topic is created, while nothing of
 * it can have reached the new log: the next send asks the new broker for a producer id of its own.
 */
@Component
public class TopicInitializer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TopicInitializer.class);

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final TopicAdmin topics;

    private final TopicProperties topicProperties;

    private final Admin admin;

    private final Duration timeout;

    private final ProducerFactory<?, ?> producers;

    private volatile Uuid knownTopicId;

    private final AtomicBoolean checking = new AtomicBoolean();

    private volatile boolean running;

    private volatile Thread worker;

    TopicInitializer(Admin admin, IngestProperties properties, TopicProperties topicProperties,
            ProducerFactory<?, ?> producers) {
        this.topics = new TopicAdmin(admin, properties.health().timeout());
        this.topicProperties = topicProperties;
        this.admin = admin;
        this.timeout = properties.health().timeout();
        this.producers = producers;
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
            String main = topicProperties.name();
            Optional<Uuid> current = topicId(main);
            Uuid known = knownTopicId;
            if (known != null && !current.equals(Optional.of(known))) {
                log.warn("Topic {} was lost with its broker's data (topic id {}, now {}); resetting the producer before"
                        + " the topic is created again, so that it takes a new producer id", main, known,
                        current.map(Uuid::toString).orElse("none"));
                producers.reset();
            }
            // Replication follows the brokers the cluster has (unless configured), so it is looked up on every check.
            topics.createIfAbsent(topics.shapesOf(topicProperties));
            knownTopicId = topicId(main).orElseThrow(() -> new IllegalStateException(main + " is still missing"));
            return true;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
        catch (Exception ex) {
            log.warn("Could not check topics {} yet ({}); requests answer 503 until Kafka is reachable",
                    List.of(topicProperties.name(), topicProperties.deadLetterName()), ex.getMessage());
            return false;
        }
    }

    /** The topic's id, or empty when the topic does not exist. */
    private Optional<Uuid> topicId(String topic) throws Exception {
        try {
            return Optional.of(admin.describeTopics(List.of(topic))
                .topicNameValues()
                .get(topic)
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .topicId());
        }
        catch (ExecutionException ex) {
            if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw ex;
        }
    }
}
