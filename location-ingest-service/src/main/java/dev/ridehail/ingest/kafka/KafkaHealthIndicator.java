package dev.ridehail.ingest.kafka;

import dev.ridehail.topics.TopicProperties;
import dev.ridehail.ingest.IngestProperties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reports Kafka as the {@code kafka} health component: UP when the cluster answers within the health timeout and the
 * topic exists, with the broker count and the topic's partition count as details.
 */
@Component("kafka")
class KafkaHealthIndicator implements HealthIndicator {

    private final Admin admin;

    private final String topic;

    private final Duration timeout;

    KafkaHealthIndicator(Admin admin, IngestProperties properties, TopicProperties topicProperties) {
        this.admin = admin;
        this.topic = topicProperties.name();
        this.timeout = properties.health().timeout();
    }

    @Override
    public Health health() {
        try {
            return check();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return down("interrupted");
        }
        catch (Exception ex) {
            // Exception messages, not class names: details are public on /actuator/health.
            Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
            return down(cause.getMessage() != null ? cause.getMessage() : "no answer within " + timeout.toMillis() + " ms");
        }
    }

    private Health down(String reason) {
        return Health.down().withDetail("topic", topic).withDetail("error", reason).build();
    }

    private Health check() throws Exception {
        int timeoutMs = Math.toIntExact(timeout.toMillis());
        DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs));
        String clusterId = cluster.clusterId().get(timeoutMs, TimeUnit.MILLISECONDS);
        int brokers = cluster.nodes().get(timeoutMs, TimeUnit.MILLISECONDS).size();
        TopicDescription description = admin
            .describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(timeoutMs))
            .allTopicNames()
            .get(timeoutMs, TimeUnit.MILLISECONDS)
            .get(topic);
        return Health.up()
            .withDetail("clusterId", clusterId)
            .withDetail("brokers", brokers)
            .withDetail("topic", topic)
            .withDetail("partitions", description.partitions().size())
            .build();
    }
}
