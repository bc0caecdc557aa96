package dev.ridehail.ingest.location;

import dev.ridehail.ingest.support.IngestHttp;
import dev.ridehail.ingest.support.IngestHttp.Answer;
import dev.ridehail.ingest.support.RunningIngest;
import dev.ridehail.testing.TestKafka;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throws generated bodies at both endpoints of a running service (real HTTP, real broker): whatever arrives, the
 * answer is 202 or a 4xx problem, never a 5xx. Also shows the service using a topic that existed beforehand with
 * other settings (2 partitions, 1 hour retention) as it is.
 */
class LocationBodyPropertyTests {

    static final String TOPIC = "preexisting-updates";

    static final int TRIES = 10_000;

    static final AtomicInteger SENT = new AtomicInteger();

    static RunningIngest ingest;

    static IngestHttp http;

    @BeforeContainer
    static void startServiceOnAPreexistingTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestKafka.bootstrapServers()))) {
            if (!admin.listTopics().names().get().contains(TOPIC)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1)
                    .configs(Map.of("retention.ms", "3600000")))).all().get();
            }
        }
        // linger 0: the valid bodies are sent one at a time, nothing to batch
        ingest = RunningIngest.start(TestKafka.bootstrapServers(), "--ridehail.topic.name=" + TOPIC,
                "--spring.kafka.producer.properties.linger.ms=0", "--ingest.publish.ack-timeout=30s",
                "--logging.level.root=WARN");
        http = ingest.http();
    }

    @AfterContainer
    static void stopService() {
        if (ingest != null) {
            ingest.close();
        }
        // jqwik could stop early (e.g. on exhausted generators); the point is 10,000 real requests
        assertThat(SENT.get()).isGreaterThanOrEqualTo(TRIES);
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void shouldAnswerEveryBodyWithAcceptanceOrAClientProblemAndNeverA5xx(@ForAll("requests") Request request) {
        SENT.incrementAndGet();
        Answer answer = http.post(request.path(), request.body(), request.contentType());

        assertThat(answer.status()).as("%s -> %s", request, answer.body()).isIn(202, 400, 413, 415, 422);
        if (answer.status() != 202) {
            assertThat(answer.isProblem()).as("problem+json for %s", request).isTrue();
            JsonNode problem = answer.json();
            assertThat(problem.get("status").asInt()).isEqualTo(answer.status());
            assertThat(answer.body()).doesNotContain("Exception", "tools.jackson", "java.");
        }
    }

    @Example
    void shouldUseAPreexistingTopicAsItIs() throws Exception {
        String body = "{\"riderId\":\"pre-1\",\"lat\":1,\"lon\":2,\"recordedAt\":\"" + Instant.now() + "\"}";

        Answer answer = http.post("/api/v1/locations", body.getBytes(StandardCharsets.UTF_8), "application/json");

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        assertThat(answer.json().get("partition").asInt()).isBetween(0, 1);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestKafka.bootstrapServers()))) {
            assertThat(admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions()).hasSize(2);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
            assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource).get("retention.ms").value())
                .isEqualTo("3600000");
        }
    }

    record Request(String path, String contentType, byte[] body) {

        @Override
        public String toString() {
            return path + " [" + contentType + "] " + new String(body, StandardCharsets.UTF_8);
        }
    }

    @Provide
    Arbitrary<Request> requests() {
        Arbitrary<String> path = Arbitraries.of("/api/v1/locations", "/api/v1/locations/batch");
        Arbitrary<String> contentType = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(20, Arbitraries.just("application/json")),
                net.jqwik.api.Tuple.of(2, Arbitraries.just("application/json; charset=UTF-8")),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("text/plain", "application/xml",
                        "application/x-www-form-urlencoded", "application/problem+json")));
        Arbitrary<byte[]> body = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, update().map(this::bytes)),
                net.jqwik.api.Tuple.of(4, batch().map(this::bytes)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(200).map(this::bytes)),
                net.jqwik.api.Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(200)),
                net.jqwik.api.Tuple.of(1, nesting().map(this::bytes)),
                net.jqwik.api.Tuple.of(1, update().map(this::truncated)));
        return Combinators.combine(path, contentType, body).as(Request::new);
    }

    private byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] truncated(String json) {
        return bytes(json.substring(0, json.length() / 2));
    }

    private Arbitrary<String> nesting() {
        return Combinators.combine(Arbitraries.integers().between(1, 3000), Arbitraries.of("[", "{\"a\":"))
            .as((depth, open) -> open.repeat(depth) + "1" + (open.equals("[") ? "]" : "}").repeat(depth));
    }

    private Arbitrary<String> batch() {
        Arbitrary<String> items = update().list().ofMaxSize(6).map((list) -> "[" + String.join(",", list) + "]");
        return Arbitraries.oneOf(items.map((array) -> "{\"updates\":" + array + "}"), items,
                Combinators.combine(items, field(), anyValue()).as((array, name, value) -> "{\"updates\":" + array
                        + ",\"" + name + "\":" + value + "}"),
                anyValue().map((value) -> "{\"updates\":" + value + "}"));
    }

    /** An update object whose fields are each valid, invalid, missing, or joined by unknown ones. */
    private Arbitrary<String> update() {
        List<Arbitrary<String>> fields = new ArrayList<>();
        fields.add(member("eventId", Arbitraries.oneOf(Arbitraries.create(() -> quote(UUID.randomUUID().toString())),
                anyValue())));
        fields.add(member("riderId", Arbitraries.oneOf(Arbitraries.strings().withChars("abcXYZ019_-").ofMinLength(1)
            .ofMaxLength(70).map(this::quote), anyValue())));
        fields.add(member("tripId", Arbitraries.oneOf(Arbitraries.create(() -> quote(UUID.randomUUID().toString())),
                anyValue())));
        fields.add(member("lat", Arbitraries.oneOf(Arbitraries.doubles().between(-100, 100).map(String::valueOf),
                anyValue())));
        fields.add(member("lon", Arbitraries.oneOf(Arbitraries.doubles().between(-200, 200).map(String::valueOf),
                anyValue())));
        fields.add(member("speedMps", Arbitraries.oneOf(Arbitraries.doubles().between(-10, 120).map(String::valueOf),
                anyValue())));
        fields.add(member("headingDeg", Arbitraries.integers().between(-5, 400).map(String::valueOf)));
        fields.add(member("accuracyM", Arbitraries.doubles().between(-1, 20_000).map(String::valueOf)));
        fields.add(member("recordedAt", Arbitraries.oneOf(Arbitraries.longs()
            .between(-90_000, 300)
            .map((seconds) -> quote(Instant.now().plusSeconds(seconds).toString())), anyValue())));
        fields.add(Arbitraries.oneOf(Arbitraries.just(""),
                Combinators.combine(field(), anyValue()).as((name, value) -> "\"" + name + "\":" + value)));
        return Combinators.combine(fields).as((members) -> "{" + String.join(",",
                members.stream().filter((m) -> !m.isEmpty()).toList()) + "}");
    }

    /** A field present with the value, or absent (empty string). */
    private Arbitrary<String> member(String name, Arbitrary<String> value) {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, value.map((v) -> "\"" + name + "\":" + v)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just("")));
    }

    private Arbitrary<String> field() {
        return Arbitraries.oneOf(Arbitraries.of("receivedAt", "schemaVersion", "updates", "isAdmin", "", "lat"),
                Arbitraries.strings().alpha().ofMaxLength(12));
    }

    /** Any JSON value, including the awkward ones. */
    private Arbitrary<String> anyValue() {
        return Arbitraries.oneOf(Arbitraries.of("null", "true", "false", "[]", "{}", "1e999", "-1e999", "0", "-0",
                "123456789012345678901234567890", "1.7976931348623157E309", "\"\"", "\"\\u0000\"", "\"\\ud800\"",
                "[1,2]", "{\"a\":{\"b\":[]}}", "\"2026-13-40T99:00:00Z\"", "\"" + "x".repeat(1000) + "\""),
                Arbitraries.strings().ofMaxLength(30).map(this::quote),
                Arbitraries.doubles().map(String::valueOf),
                Arbitraries.bigIntegers().between(java.math.BigInteger.TEN.pow(40).negate(),
                        java.math.BigInteger.TEN.pow(40)).map(String::valueOf));
    }

    private String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\' || c < 0x20) {
                out.append("\\u").append(HexFormat.of().toHexDigits(c));
            }
            else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
