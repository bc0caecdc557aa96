package dev.ridehail.offsets;

import dev.ridehail.topics.TopicAdmin;
import dev.ridehail.topics.TopicProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks, never creates: the consumers compare rider-updates and its dead-letter topic with the configured shape and
 * report a difference (a WARN from {@link TopicAdmin} and the gauge {@code consumer.topic.shape.mismatches{topic}}, 1
 * for a missing topic). The topics' owner is location-ingest-service.
 *
 * <p>Runs in the background from start-up, retrying until both topics exist (the owner may start later or Kafka be
 * away), then checks once; a consumer simply waits for a missing topic meanwhile.
 */
class TopicShapeCheck implements SmartLifecycle {

    static final String GAUGE = "consumer.topic.shape.mismatches";

    private static final Logger log = LoggerFactory.getLogger(TopicShapeCheck.class);

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final Map<String, Object> adminConfig;

    private final TopicProperties topic;

    private final Map<String, AtomicInteger> mismatches = new ConcurrentHashMap<>();

    private volatile Thread worker;

    TopicShapeCheck(Map<String, Object> adminConfig, TopicProperties topic, MeterRegistry meters) {
        this.adminConfig = adminConfig;
        this.topic = topic;
        for (String name : names()) {
            AtomicInteger count = new AtomicInteger();
            mismatches.put(name, count);
            Gauge.builder(GAUGE, count, AtomicInteger::get)
                .description("How a topic differs from its configured shape (partitions, replication, configs; "
                        + "1 when missing); 0 until checked")
                .tag("topic", name)
                .register(meters);
        }
    }

    @Override
    public void start() {
        worker = Thread.ofVirtual().name("topic-shape-check").start(this::checkUntilTheTopicsExist);
    }

    @Override
    public void stop() {
        Thread current = worker;
        worker = null;
        if (current != null) {
            current.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }

    private void checkUntilTheTopicsExist() {
        Duration backoff = Duration.ofSeconds(1);
        try (Admin admin = Admin.create(adminConfig)) {
            TopicAdmin topics = new TopicAdmin(admin, TIMEOUT);
            while (!Thread.currentThread().isInterrupted()) {
                if (check(topics)) {
                    return;
                }
                Thread.sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private List<String> names() {
        return List.of(topic.name(), topic.deadLetterName());
    }

    /** @return whether every topic exists and was compared */
    private boolean check(TopicAdmin topics) throws InterruptedException {
        try {
            boolean allExist = true;
            // the shape the owner creates: replication derived from the same cluster unless configured
            for (TopicAdmin.Comparison comparison : topics.check(topics.shapesOf(topic))) {
                mismatches.get(comparison.shape().name())
                    .set(comparison.exists() ? comparison.mismatches().size() : 1);
                allExist &= comparison.exists();
            }
            return allExist;
        }
        catch (InterruptedException ex) {
            throw ex;
        }
        catch (Exception ex) {
            log.info("Could not check topics {} yet: {}", names(), ex.getMessage());
            return false;
        }
    }
}
