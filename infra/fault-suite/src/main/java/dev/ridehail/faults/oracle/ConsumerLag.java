package dev.ridehail.faults.oracle;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Lag as the database sees it: for each partition, the topic's end offset minus the next offset stored in
 * {@code kafka_consumer_offsets} (the offsets committed with the rows). Kafka's own committed offsets are not used:
 * they are informational in this design and may run behind or ahead of what is really stored.
 */
public final class ConsumerLag implements AutoCloseable {

    private final Admin admin;

    private final Supplier<Connection> connections;

    private final String group;

    private final String topic;

    public ConsumerLag(String bootstrapServers, Supplier<Connection> connections, String group, String topic) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10_000));
        this.connections = connections;
        this.group = group;
        this.topic = topic;
    }

    /** Per partition: records in the topic not yet covered by a stored offset. */
    public Map<TopicPartition, Long> lag() {
        Map<TopicPartition, Long> ends = offsets(OffsetSpec.latest());
        Map<TopicPartition, Long> starts = offsets(OffsetSpec.earliest());
        Map<TopicPartition, Long> stored = storedOffsets();
        Map<TopicPartition, Long> lag = new HashMap<>();
        ends.forEach((partition, end) -> lag.put(partition,
                Math.max(0, end - stored.getOrDefault(partition, starts.getOrDefault(partition, 0L)))));
        return lag;
    }

    public long totalLag() {
        return lag().values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Waits until the stored offsets reach the end of every partition.
     *
     * @return how long it took
     * @throws AssertionError with the remaining lag when the limit passes first
     */
    public Duration awaitZero(Duration limit) {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        Map<TopicPartition, Long> last = Map.of();
        while (System.nanoTime() < deadline) {
            try {
                last = lag();
                if (last.values().stream().allMatch(value -> value == 0)) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            }
            catch (RuntimeException ex) {
                // broker or database momentarily unreachable: keep waiting until the limit
            }
            sleep(250);
        }
        throw new AssertionError("Consumer group " + group + " still lags after " + limit + ": " + last);
    }

    /**
     * Waits until the stored offsets reach {@code targets} (for example the end offsets at the moment a consumer was
     * restarted, while load keeps coming).
     *
     * @return how long it took
     */
    public Duration awaitCaughtUpTo(Map<TopicPartition, Long> targets, Duration limit) {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        Map<TopicPartition, Long> stored = Map.of();
        while (System.nanoTime() < deadline) {
            try {
                stored = storedOffsets();
                Map<TopicPartition, Long> current = stored;
                if (targets.entrySet().stream()
                    .allMatch(e -> e.getValue() == 0 || current.getOrDefault(e.getKey(), 0L) >= e.getValue())) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            }
            catch (RuntimeException ex) {
                // database momentarily unreachable: keep waiting until the limit
            }
            sleep(250);
        }
        throw new AssertionError("Consumer group " + group + " did not reach " + targets + " within " + limit
                + "; stored " + stored);
    }

    public Map<TopicPartition, Long> endOffsets() {
        return offsets(OffsetSpec.latest());
    }

    public Map<TopicPartition, Long> offsets(OffsetSpec spec) {
        try {
            int partitions = admin.describeTopics(java.util.List.of(topic))
                .allTopicNames()
                .get(10, TimeUnit.SECONDS)
                .get(topic)
                .partitions()
                .size();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(topic, p), spec);
            }
            ListOffsetsResult result = admin.listOffsets(request);
            return result.all()
                .get(10, TimeUnit.SECONDS)
                .entrySet()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
        catch (ExecutionException | TimeoutException ex) {
            throw new IllegalStateException("Could not list offsets of " + topic, ex);
        }
    }

    public Map<TopicPartition, Long> storedOffsets() {
        Map<TopicPartition, Long> stored = new HashMap<>();
        try (Connection connection = connections.get();
                PreparedStatement statement = connection.prepareStatement("""
                        SELECT partition_id, next_offset FROM kafka_consumer_offsets
                         WHERE consumer_group = ? AND topic = ? AND next_offset IS NOT NULL
                        """)) {
            statement.setString(1, group);
            statement.setString(2, topic);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    stored.put(new TopicPartition(topic, rs.getInt(1)), rs.getLong(2));
                }
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not read kafka_consumer_offsets", ex);
        }
        return stored;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
