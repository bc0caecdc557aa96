package dev.ridehail.trip;

import dev.ridehail.testing.TestInfrastructureConfiguration;
import dev.ridehail.testing.TestIssuer;
import dev.ridehail.testing.TestKafka;
import dev.ridehail.testing.TestTopics;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The one Spring context every integration test shares: the real service against a real Kafka broker and a fresh real
 * PostgreSQL database, trusting the tokens of the test JVM's {@link TestIssuer} (fetching its JWK set over HTTP as
 * from a real issuer). Tests keep to their own riders and trips, so they never see each other's rows. The HTTP helpers
 * send an admin token unless given another one; a null token sends none.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "trip.history.retention-days=3", "trip.history.partitions-ahead-days=3",
        // a short query timeout keeps the database-unavailable test quick (production: DB_STATEMENT_TIMEOUT, 5 s)
        "spring.datasource.hikari.data-source-properties.options=-c statement_timeout=2s",
        // the in-JVM broker logs a lot at INFO; on a shared 2-core machine that is measurable
        "logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN", "logging.level.state.change.logger=WARN",
        // every test's default caller is the one admin, so one read bucket would serve them all; the limit itself is
        // ReadRateLimitTests' (its own context, small limits)
        "ridehail.security.rate-limits.reads.burst=1000000", "ridehail.security.rate-limits.reads.per-second=1000000" })
@Import(TestInfrastructureConfiguration.class)
public abstract class IntegrationTest {

    static {
        // The service only checks the topics; their owner (location-ingest-service) creates them, here the test does.
        TestTopics.createRiderUpdates();
    }

    protected static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static KafkaTemplate<String, String> producer;

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void trustTheTestIssuer(DynamicPropertyRegistry registry) {
        issuerProperties(registry);
    }

    /** Points a service context at the test JVM's issuer; for the security tests that start contexts of their own. */
    public static void issuerProperties(DynamicPropertyRegistry registry) {
        TestIssuer.shared().springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    protected static TestIssuer issuer() {
        return TestIssuer.shared();
    }

    /** Minted per request: a token never outlives a slow run, and the signature costs about a millisecond. */
    protected static String adminToken() {
        return issuer().adminToken();
    }

    @Autowired
    protected JdbcClient jdbc;

    protected static synchronized KafkaTemplate<String, String> producer() {
        if (producer == null) {
            Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5);
            producer = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
        }
        return producer;
    }

    /** Publishes to rider-updates, keyed by rider, and waits for the broker's acknowledgement. */
    protected static RecordMetadata publish(String riderId, String value) {
        try {
            return producer().send("rider-updates", riderId, value).get(30, TimeUnit.SECONDS).getRecordMetadata();
        }
        catch (Exception ex) {
            throw new IllegalStateException("Could not publish a test record", ex);
        }
    }

    protected static Map<String, Object> update(UUID eventId, String riderId, UUID tripId, double lat, double lon,
            Instant recordedAt) {
        Map<String, Object> update = new LinkedHashMap<>();
        update.put("schemaVersion", 1);
        update.put("eventId", eventId.toString());
        update.put("riderId", riderId);
        update.put("tripId", tripId == null ? null : tripId.toString());
        update.put("lat", lat);
        update.put("lon", lon);
        update.put("speedMps", 8.5);
        update.put("headingDeg", 90.0);
        update.put("accuracyM", 4.0);
        update.put("recordedAt", recordedAt.toString());
        update.put("receivedAt", recordedAt.plusMillis(250).toString());
        return update;
    }

    /** Publishes all, in order, and waits once for every acknowledgement. */
    protected static void publishUpdates(List<Map<String, Object>> updates) {
        List<CompletableFuture<?>> sent = updates.stream()
            .<CompletableFuture<?>>map(u -> producer().send("rider-updates", (String) u.get("riderId"), JSON.writeValueAsString(u)))
            .toList();
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).orTimeout(30, TimeUnit.SECONDS).join();
    }

    protected static RecordMetadata publishUpdate(Map<String, Object> update) {
        return publish((String) update.get("riderId"), JSON.writeValueAsString(update));
    }

    protected static String uniqueRider(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected long historyRows(String riderId) {
        return jdbc.sql("SELECT count(*) FROM location_history WHERE rider_id = ?").param(riderId).query(Long.class).single();
    }

    protected Response get(String path) {
        return get(path, adminToken());
    }

    protected Response get(String path, String token) {
        return send(authorized(HttpRequest.newBuilder(uri(path)), token).GET().build());
    }

    protected Response post(String path, Object body) {
        return post(path, body, adminToken());
    }

    protected Response post(String path, Object body, String token) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body));
        return send(authorized(HttpRequest.newBuilder(uri(path)), token).header("Content-Type", "application/json")
            .POST(publisher)
            .build());
    }

    private static HttpRequest.Builder authorized(HttpRequest.Builder request, String token) {
        return token == null ? request : request.header("Authorization", TestIssuer.bearer(token));
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    protected static Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            JsonNode json = body == null || body.isBlank() || !(body.startsWith("{") || body.startsWith("["))
                    ? null : JSON.readTree(body);
            return new Response(response.statusCode(), response.headers(), body, json);
        }
        catch (Exception ex) {
            throw new IllegalStateException("HTTP call failed: " + request.uri(), ex);
        }
    }

    protected record Response(int status, HttpHeaders headers, String body, JsonNode json) {

        public String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }
    }
}
