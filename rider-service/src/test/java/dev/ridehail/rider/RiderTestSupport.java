package dev.ridehail.rider;

import dev.ridehail.offsets.DatabaseOffsetStore;
import dev.ridehail.testing.TestIssuer;
import dev.ridehail.testing.TestKafka;
import dev.ridehail.testing.TestTopics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;

/**
 * HTTP calls against the running service (with an admin token unless a test asks for another), location updates
 * produced to the real broker, and the service pointed at the test JVM's {@link TestIssuer}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class RiderTestSupport {

    static {
        // The service only checks the topics; their owner (location-ingest-service) creates them, here the test does.
        TestTopics.createRiderUpdates();
    }

    @Bean(destroyMethod = "close")
    Updates updates(@Value("${ridehail.topic.name}") String topic, DatabaseOffsetStore offsets) {
        return new Updates(topic, offsets);
    }

    /** The service fetches the test issuer's JWK set over HTTP, as it would a production issuer's. */
    @Bean
    static DynamicPropertyRegistrar testIssuerProperties() {
        return registry -> TestIssuer.shared()
            .springProperties()
            .forEach((name, value) -> registry.add(name, () -> value));
    }

    @Bean
    Api api(WebServerApplicationContext context) {
        // minted per request: a token outlives no slow suite
        return new Api(() -> context.getWebServer().getPort(), TestIssuer.shared()::adminToken);
    }

    public static final JsonMapper JSON = JsonMapper.builder().build();

    public record Response(int status, HttpResponse<String> raw) {

        public JsonNode json() {
            return JSON.readTree(raw.body());
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    /** Calls the service on one port with one bearer token (null: no Authorization header). */
    public static class Api {

        private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        private final IntSupplier port;

        private final Supplier<String> token;

        Api(IntSupplier port, Supplier<String> token) {
            this.port = port;
            this.token = token;
        }

        /** The same calls with another token, or none when {@code token} is null. */
        public Api withToken(String token) {
            return new Api(port, () -> token);
        }

        public Api withoutToken() {
            return withToken(null);
        }

        /** The same calls against another port of the service, e.g. a separate management port. */
        public Api onPort(int port) {
            return new Api(() -> port, token);
        }

        public Response get(String path) {
            return send(HttpRequest.newBuilder(uri(path)).GET());
        }

        public Response head(String path) {
            return send(HttpRequest.newBuilder(uri(path)).HEAD());
        }

        public Response post(String path, String json) {
            return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
        }

        public Response put(String path, String json) {
            return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
        }

        private URI uri(String path) {
            return URI.create("http://localhost:" + port.getAsInt() + path);
        }

        private Response send(HttpRequest.Builder request) {
            String bearer = token.get();
            if (bearer != null) {
                request.header("Authorization", TestIssuer.bearer(bearer));
            }
            try {
                HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
                return new Response(response.statusCode(), response);
            }
            catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
    }

    /** Produces rider-updates records keyed by riderId, as ingest does, and waits until the consumer stored them. */
    public static class Updates implements AutoCloseable {

        private final String topic;

        private final DatabaseOffsetStore offsets;

        private final KafkaProducer<String, String> producer;

        Updates(String topic, DatabaseOffsetStore offsets) {
            this.topic = topic;
            this.offsets = offsets;
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            this.producer = new KafkaProducer<>(props);
        }

        /** A valid update as ingest writes it (received just now). */
        public static Map<String, Object> update(String riderId, double lat, double lon, Instant recordedAt) {
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("schemaVersion", 1);
            value.put("eventId", UUID.randomUUID().toString());
            value.put("riderId", riderId);
            value.put("tripId", null);
            value.put("lat", lat);
            value.put("lon", lon);
            value.put("speedMps", 5.5);
            value.put("headingDeg", 90.0);
            value.put("accuracyM", 8.0);
            value.put("recordedAt", recordedAt.toString());
            value.put("receivedAt", Instant.now().toString());
            return value;
        }

        public RecordMetadata send(Map<String, Object> value) {
            return sendRaw((String) value.get("riderId"), JSON.writeValueAsString(value));
        }

        public RecordMetadata send(String riderId, double lat, double lon, Instant recordedAt) {
            return send(update(riderId, lat, lon, recordedAt));
        }

        public RecordMetadata sendRaw(String key, String value) {
            try {
                return producer.send(new ProducerRecord<>(topic, key, value)).get();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
            catch (ExecutionException ex) {
                throw new IllegalStateException(ex);
            }
        }

        /** Waits until the offset committed with the rows covers the record, i.e. its batch is in the database. */
        public void awaitConsumed(RecordMetadata record) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            await().atMost(Duration.ofSeconds(30))
                .until(() -> offsets.storedOffsets().getOrDefault(partition, 0L) > record.offset());
        }

        @Override
        public void close() {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
