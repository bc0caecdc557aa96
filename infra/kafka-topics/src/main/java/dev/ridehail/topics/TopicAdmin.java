package dev.ridehail.topics;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Compares topics with their {@link TopicShape}, and, for the topic's owner only, creates a missing one.
 *
 * <p>An existing topic is never altered: adding partitions moves riders' keys to other partitions and breaks per-rider
 * order, and changing replication or retention under running services is an operator's decision. A mismatch is
 * reported (returned and logged at WARN) and the topic used as it is. Failures to reach the broker are thrown, so the
 * caller decides how to retry.
 */
public final class TopicAdmin {

    private static final Logger log = LoggerFactory.getLogger(TopicAdmin.class);

    private final Admin admin;

    private final Duration timeout;

    public TopicAdmin(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** How a topic on the broker differs from its shape. */
    public record Comparison(TopicShape shape, boolean exists, List<String> mismatches) {

        public boolean matches() {
            return exists && mismatches.isEmpty();
        }
    }

    /**
     * The shapes of the topics in {@code properties} on this cluster: replication derived from the brokers it has
     * registered ({@link #registeredBrokers()}) unless configured.
     */
    public List<TopicShape> shapesOf(TopicProperties properties) throws InterruptedException, ExecutionException,
            TimeoutException {
        return properties.shapes(registeredBrokers());
    }

    /**
     * The brokers the cluster has registered, the fenced ones (down right now) included: a topic created while one of
     * three brokers is away still gets three replicas. Its creation then fails until the broker is back (the owner
     * retries), rather than leaving a topic with two replicas for good, since an existing topic is never altered.
     */
    public int registeredBrokers() throws InterruptedException, ExecutionException, TimeoutException {
        try {
            return brokers(new DescribeClusterOptions().includeFencedBrokers(true));
        }
        catch (ExecutionException ex) {
            // A broker before Kafka 4.0 lists only the brokers that are up.
            if (!(ex.getCause() instanceof UnsupportedVersionException)) {
                throw ex;
            }
            return brokers(new DescribeClusterOptions());
        }
    }

    private int brokers(DescribeClusterOptions options) throws InterruptedException, ExecutionException,
            TimeoutException {
        return admin.describeCluster(options.timeoutMs(timeoutMs())).nodes()
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .size();
    }

    /**
     * The owner's entry point: creates each missing topic with its shape, compares each existing one and logs a WARN
     * for every mismatch.
     *
     * @return the comparison of each topic after the call (a created topic matches)
     */
    public List<Comparison> createIfAbsent(List<TopicShape> shapes) throws InterruptedException, ExecutionException,
            TimeoutException {
        List<Comparison> comparisons = new ArrayList<>();
        for (TopicShape shape : shapes) {
            Comparison before = compare(shape);
            if (before.exists()) {
                warnIfDifferent(before);
                comparisons.add(before);
            }
            else {
                create(shape);
                comparisons.add(new Comparison(shape, true, List.of()));
            }
        }
        return comparisons;
    }

    /**
     * The check-only entry point (for everyone but the owner): describes and compares, logs a WARN for each mismatch
     * and never creates or changes anything.
     */
    public List<Comparison> check(List<TopicShape> shapes) throws InterruptedException, ExecutionException,
            TimeoutException {
        List<Comparison> comparisons = new ArrayList<>();
        for (TopicShape shape : shapes) {
            Comparison comparison = compare(shape);
            if (comparison.exists()) {
                warnIfDifferent(comparison);
            }
            else {
                log.warn("Topic {} does not exist (yet); its owner, location-ingest-service, creates it", shape.name());
            }
            comparisons.add(comparison);
        }
        return comparisons;
    }

    /** Describes the topic and lists how it differs from the shape; a missing topic has no mismatches. */
    public Comparison compare(TopicShape shape) throws InterruptedException, ExecutionException, TimeoutException {
        Optional<TopicDescription> description = describe(shape.name());
        if (description.isEmpty()) {
            return new Comparison(shape, false, List.of());
        }
        List<String> mismatches = new ArrayList<>();
        int partitions = description.get().partitions().size();
        if (partitions != shape.partitions()) {
            mismatches.add("partitions " + partitions + " (expected " + shape.partitions() + ")");
        }
        int replicas = description.get().partitions().getFirst().replicas().size();
        if (replicas != shape.replicationFactor()) {
            mismatches.add("replication factor " + replicas + " (expected " + shape.replicationFactor() + ")");
        }
        Config config = describeConfig(shape.name());
        for (Map.Entry<String, String> expected : shape.configs().entrySet()) {
            ConfigEntry actual = config.get(expected.getKey());
            String value = actual == null ? null : actual.value();
            if (!expected.getValue().equals(value)) {
                mismatches.add(expected.getKey() + "=" + value + " (expected " + expected.getValue() + ")");
            }
        }
        return new Comparison(shape, true, List.copyOf(mismatches));
    }

    private void create(TopicShape shape) throws InterruptedException, ExecutionException, TimeoutException {
        try {
            admin.createTopics(List.of(shape.newTopic()), new CreateTopicsOptions().timeoutMs(timeoutMs()))
                .all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            log.info("Created topic {} with {} partitions, replication factor {}, configs {}", shape.name(),
                    shape.partitions(), shape.replicationFactor(), shape.configs());
        }
        catch (ExecutionException ex) {
            // Another instance of the owner was faster; its topic has the same shape.
            if (!(ex.getCause() instanceof TopicExistsException)) {
                throw ex;
            }
        }
    }

    private static void warnIfDifferent(Comparison comparison) {
        if (comparison.mismatches().isEmpty()) {
            log.info("Topic {} exists with the expected shape", comparison.shape().name());
        }
        else {
            log.warn("Topic {} differs from its configured shape: {}; using it as it is (never altered)",
                    comparison.shape().name(), String.join(", ", comparison.mismatches()));
        }
    }

    private Optional<TopicDescription> describe(String topic) throws InterruptedException, ExecutionException,
            TimeoutException {
        try {
            return Optional.of(admin.describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(timeoutMs()))
                .allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .get(topic));
        }
        catch (ExecutionException ex) {
            if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw ex;
        }
    }

    private Config describeConfig(String topic) throws InterruptedException, ExecutionException, TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource), new DescribeConfigsOptions().timeoutMs(timeoutMs()))
            .all()
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .get(resource);
    }

    private int timeoutMs() {
        return Math.toIntExact(timeout.toMillis());
    }
}
