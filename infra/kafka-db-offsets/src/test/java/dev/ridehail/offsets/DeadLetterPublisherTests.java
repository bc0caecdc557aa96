package dev.ridehail.offsets;

import dev.ridehail.testing.TestKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterPublisherTests {

    @Test
    void shouldCopyOriginalBytesAndRecordWhereAndWhyWhenPublishing() throws Exception {
        String deadLetterTopic = "dlt-" + UUID.randomUUID();
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", TestKafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(deadLetterTopic, 1, (short) 1))).all().get();
        }
        KafkaTemplate<byte[], byte[]> template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        DeadLetterPublisher publisher = new DeadLetterPublisher(template, deadLetterTopic, meters, "trip-service");
        byte[] poison = "{\"name\":\"tony\",\"location\":\"south\"}".getBytes(StandardCharsets.UTF_8);

        publisher.publish(new ConsumerRecord<>("rider-updates", 4, 1234L, "tony".getBytes(StandardCharsets.UTF_8), poison),
                "INVALID_FIELD", "riderId is required");

        ConsumerRecord<byte[], byte[]> deadLetter = readOne(deadLetterTopic);
        assertThat(deadLetter.value()).isEqualTo(poison);
        assertThat(new String(deadLetter.key(), StandardCharsets.UTF_8)).isEqualTo("tony");
        assertThat(header(deadLetter, DeadLetterPublisher.ORIGINAL_TOPIC)).isEqualTo("rider-updates");
        assertThat(header(deadLetter, DeadLetterPublisher.ORIGINAL_PARTITION)).isEqualTo("4");
        assertThat(header(deadLetter, DeadLetterPublisher.ORIGINAL_OFFSET)).isEqualTo("1234");
        assertThat(header(deadLetter, DeadLetterPublisher.REASON)).isEqualTo("INVALID_FIELD");
        assertThat(header(deadLetter, DeadLetterPublisher.REASON_DETAIL)).isEqualTo("riderId is required");
        assertThat(meters.get("rider_updates_dead_lettered").tag("reason", "INVALID_FIELD").counter().count())
            .isEqualTo(1.0);
        template.destroy();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static ConsumerRecord<byte[], byte[]> readOne(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    assertThat(records.count()).isEqualTo(1);
                    return records.iterator().next();
                }
            }
            throw new AssertionError("Nothing arrived on " + topic + " within 30 s");
        }
    }
}
