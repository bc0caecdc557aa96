import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Instant;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes rider-updates records the way ingest does (key = riderId, contract schemaVersion 1) for the consumer
 * benchmark: {@code riders} active riders each reporting every 100 ms of device time (10 Hz), interleaved round by
 * round, {@code total} records in all.
 *
 * java -cp "infra/kafka-broker/target/lib/*" rider-service/bench/UpdateProducer.java 127.0.0.1:19092 rider-updates 1000000 10000
 */
public class UpdateProducer {

    public static void main(String[] args) {
        String bootstrap = args[0];
        String topic = args[1];
        int total = Integer.parseInt(args[2]);
        int riders = Integer.parseInt(args[3]);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        double[] lat = new double[riders];
        double[] lon = new double[riders];
        for (int i = 0; i < riders; i++) {
            lat[i] = 52.35 + ThreadLocalRandom.current().nextDouble() * 0.3;
            lon[i] = 13.1 + ThreadLocalRandom.current().nextDouble() * 0.6;
        }
        Instant base = Instant.now().minusSeconds(total / riders / 10 + 5);
        long started = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int n = 0; n < total; n++) {
                int i = n % riders;
                int round = n / riders;
                lat[i] += (ThreadLocalRandom.current().nextDouble() - 0.5) * 0.0002;
                lon[i] += (ThreadLocalRandom.current().nextDouble() - 0.5) * 0.0002;
                Instant recordedAt = base.plusMillis(round * 100L);
                String riderId = "bench-" + (i + 1);
                String value = String.format(Locale.ROOT,
                        "{\"schemaVersion\":1,\"eventId\":\"%s\",\"riderId\":\"%s\",\"tripId\":null,\"lat\":%.6f,\"lon\":%.6f,"
                                + "\"speedMps\":6.5,\"headingDeg\":180.0,\"accuracyM\":5.0,\"recordedAt\":\"%s\",\"receivedAt\":\"%s\"}",
                        UUID.randomUUID(), riderId, lat[i], lon[i], recordedAt, recordedAt.plusMillis(300));
                producer.send(new ProducerRecord<>(topic, riderId, value));
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "produced %d updates for %d riders in %.1f s (%.0f/s)%n", total, riders, seconds,
                total / seconds);
    }
}
