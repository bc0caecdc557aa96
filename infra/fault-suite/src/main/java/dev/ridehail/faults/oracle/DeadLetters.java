package dev.ridehail.faults.oracle;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the dead-letter topic between two sets of offsets (a test's "before" and "after"). */
public final class DeadLetters {

    private DeadLetters() {
    }

    /** A dead-lettered record: its value as text and its headers (last value wins per header name). */
    public record DeadLetter(int partition, long offset, String value, Map<String, String> headers) {

        public String header(String name) {
            return headers.get(name);
        }
    }

    public static List<DeadLetter> read(String bootstrapServers, Map<TopicPartition, Long> from,
            Map<TopicPartition, Long> to) {
        List<DeadLetter> letters = new ArrayList<>();
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = to.keySet().stream().filter(p -> to.get(p) > from.getOrDefault(p, 0L))
                .toList();
            if (partitions.isEmpty()) {
                return letters;
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> remaining = new HashMap<>();
            for (TopicPartition partition : partitions) {
                consumer.seek(partition, from.getOrDefault(partition, 0L));
                remaining.put(partition, to.get(partition));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!remaining.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    Long end = remaining.get(partition);
                    if (end == null || record.offset() >= end) {
                        continue;
                    }
                    Map<String, String> headers = new HashMap<>();
                    for (Header header : record.headers()) {
                        headers.put(header.key(),
                                header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
                    }
                    letters.add(new DeadLetter(record.partition(), record.offset(),
                            record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8),
                            headers));
                    if (record.offset() + 1 >= end) {
                        remaining.remove(partition);
                    }
                }
                for (TopicPartition partition : List.copyOf(remaining.keySet())) {
                    if (consumer.position(partition) >= remaining.get(partition)) {
                        remaining.remove(partition);
                    }
                }
            }
        }
        return letters;
    }
}
