package dev.ridehail.ingest.location;

import dev.ridehail.ingest.support.IngestHttp;
import dev.ridehail.ingest.support.IngestHttp.Answer;
import dev.ridehail.ingest.support.RunningIngest;
import dev.ridehail.ingest.support.TopicReader;
import dev.ridehail.testing.TestIssuer;
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
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throws generated bodies at both endpoints of a running service (real HTTP, real broker, real tokens): whatever
 * arrives, the answer is 202 or a 4xx problem, never a 5xx. Then generated {@code Authorization} headers, none of them
 * a valid token: every one is a 401 and nothing reaches the topic. Also shows the service using a topic that existed
 * beforehand with other settings (2 partitions, 1 hour retention) as it is.
 */
class LocationBodyPropertyTests {

    static final String TOPIC = "preexisting-updates";

    static final int TRIES = 10_000;

    static final AtomicInteger SENT = new AtomicInteger();

    static final AtomicInteger AUTHORIZATIONS_SENT = new AtomicInteger();

    /** The rider every garbage-authorization request posts for: if one got through, its update would be on the topic. */
    static final String UNAUTHORIZED_RIDER = "no-auth-" + UUID.randomUUID().toString().substring(0, 8);

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
        // linger 0: the valid bodies are sent one at a time, nothing to batch. Generated riderIds repeat (and bodies
        // naming none post as one default rider): a limit no run reaches keeps 429 out of this test, IngestRateLimitTests'
        ingest = RunningIngest.start(TestKafka.bootstrapServers(), "--ridehail.topic.name=" + TOPIC,
                "--spring.kafka.producer.properties.linger.ms=0", "--ingest.publish.ack-timeout=30s",
                "--ridehail.security.rate-limits.ingest.burst=100000000",
                "--ridehail.security.rate-limits.ingest.per-second=100000000", "--logging.level.root=WARN");
        http = ingest.http();
    }

    @AfterContainer
    static void stopService() {
        if (ingest != null) {
            ingest.close();
        }
        // jqwik could stop early (e.g. on exhausted generators); the point is 10,000 real requests of each kind
        assertThat(SENT.get()).isGreaterThanOrEqualTo(TRIES);
        assertThat(AUTHORIZATIONS_SENT.get()).isGreaterThanOrEqualTo(TRIES);
        assertThat(TopicReader.readAll(TestKafka.bootstrapServers(), TOPIC, (r) -> UNAUTHORIZED_RIDER.equals(r.key())))
            .as("updates posted without a valid token").isEmpty();
    }

    /**
     * Every body with a valid token of the rider it names first (IngestHttp's default): a batch naming several riders
     * is then a 403 forbidden-rider, a body naming none is posted as {@link IngestHttp#DEFAULT_RIDER}.
     */
    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void shouldAnswerEveryBodyWithAcceptanceOrAClientProblemAndNeverA5xx(@ForAll("requests") Request request) {
        SENT.incrementAndGet();
        Answer answer = http.post(request.path(), request.body(), request.contentType());

        assertThat(answer.status()).as("%s -> %s", request, answer.body()).isIn(202, 400, 403, 413, 415, 422);
        if (answer.status() != 202) {
            assertThat(answer.isProblem()).as("problem+json for %s", request).isTrue();
            JsonNode problem = answer.json();
            assertThat(problem.get("status").asInt()).isEqualTo(answer.status());
            assertThat(answer.body()).doesNotContain("Exception", "tools.jackson", "java.");
        }
        if (answer.status() == 403) {
            assertThat(answer.problemSlug()).as("%s", request).isEqualTo("forbidden-rider");
        }
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void shouldAnswerEveryInvalidAuthorizationWith401AndPublishNothing(
            @ForAll("authorizations") String authorization, @ForAll boolean batch) {
        AUTHORIZATIONS_SENT.incrementAndGet();
        String update = "{\"riderId\":\"" + UNAUTHORIZED_RIDER + "\",\"lat\":1,\"lon\":2,\"recordedAt\":\""
                + Instant.now() + "\"}";

        Answer answer = http.withAuthorization(authorization)
            .postJson(batch ? "/api/v1/locations/batch" : "/api/v1/locations",
                    batch ? "{\"updates\":[" + update + "]}" : update);

        assertThat(answer.status()).as("Authorization: %s -> %s", authorization, answer.body()).isEqualTo(401);
        if (authorization.regionMatches(true, 0, "DPoP ", 0, 5)) {
            // Spring Security 7 handles the DPoP scheme (RFC 9449) in a filter of its own, which refuses a request
            // without a valid proof itself: a DPoP challenge and no body, not api-security's entry point.
            assertThat(answer.header("WWW-Authenticate").orElseThrow()).startsWith("DPoP");
            return;
        }
        assertThat(answer.isProblem()).as("problem+json for %s", authorization).isTrue();
        assertThat(answer.problemSlug()).isIn("unauthorized", "invalid-token");
        assertThat(answer.header("WWW-Authenticate").orElseThrow()).startsWith("Bearer");
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

    @Provide
    Arbitrary<String> authorizations() {
        Arbitrary<String> real = Arbitraries.create(() -> TestIssuer.shared().riderToken(UNAUTHORIZED_RIDER));
        Arbitrary<String> junk = Arbitraries.oneOf(headerText(), base64urlText());
        return Arbitraries.frequencyOf(
                // random bytes and strings, as far as a header can carry them
                net.jqwik.api.Tuple.of(3, headerText()),
                net.jqwik.api.Tuple.of(4, junk.map((text) -> "Bearer " + text)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("", "Bearer", "Bearer ", "Bearer  ", "bearer", "Bearer .",
                        "Bearer ..", "Bearer a.b.c", "Bearer ==", "Bearer e30.e30.", "Bearer null", "Bearer undefined")),
                net.jqwik.api.Tuple.of(4, Combinators.combine(real, Arbitraries.integers().between(0, 10_000))
                    .as((token, cut) -> "Bearer " + token.substring(0, cut % token.length()))),
                net.jqwik.api.Tuple.of(4, Combinators.combine(real, Arbitraries.integers().between(0, 10_000),
                        Arbitraries.integers().between(1, 63)).as(LocationBodyPropertyTests::altered)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(real, Arbitraries.integers().between(0, 5))
                    .as(LocationBodyPropertyTests::rearranged)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of("expired", "not yet valid", "wrong audience", "wrong issuer",
                        "forged", "alg none").map(LocationBodyPropertyTests::refusedToken)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(Arbitraries.of("Basic ", "Digest ", "Token ", "Bearer: ",
                        "JWT ", "Negotiate ", "OAuth ", "", "Bearer,", "DPoP "), real, junk)
                    .as((scheme, token, text) -> scheme + (scheme.startsWith("Basic") ? Base64.getEncoder()
                        .encodeToString((UNAUTHORIZED_RIDER + ":" + text).getBytes(StandardCharsets.UTF_8)) : token))));
    }

    /** Any text a header value may hold: visible ASCII, spaces, tabs and obs-text (0x80-0xFF), trimmed as sent. */
    private static Arbitrary<String> headerText() {
        Arbitrary<Character> legal = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(20, Arbitraries.chars().range('!', '~')),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(' ', '\t')),
                net.jqwik.api.Tuple.of(2, Arbitraries.chars().range((char) 0x80, (char) 0xFF)));
        return legal.list().ofMaxSize(600).map((chars) -> {
            StringBuilder text = new StringBuilder(chars.size());
            chars.forEach(text::append);
            return text.toString().strip();
        });
    }

    private static Arbitrary<String> base64urlText() {
        return Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=~+/")
            .ofMaxLength(1200);
    }

    /**
     * A real token with one character replaced by another base64url one. Never a segment's last character: its
     * unused low bits may decode to the same bytes, and that token would still be valid.
     */
    private static String altered(String token, int position, int shift) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char[] chars = token.toCharArray();
        int at = position % chars.length;
        while (chars[at] == '.' || at + 1 == chars.length || chars[at + 1] == '.') {
            at = (at + 1) % chars.length;
        }
        chars[at] = alphabet.charAt((alphabet.indexOf(chars[at]) + shift) % alphabet.length());
        return "Bearer " + new String(chars);
    }

    /** A real token's segments moved, dropped or doubled, or its header replaced by another algorithm's. */
    private static String rearranged(String token, int how) {
        String[] parts = token.split("\\.");
        return "Bearer " + switch (how) {
            case 0 -> parts[1] + "." + parts[0] + "." + parts[2];
            case 1 -> parts[0] + "." + parts[1] + ".";
            case 2 -> parts[0] + "." + parts[1] + "." + parts[2] + "." + parts[2] + "." + parts[2];
            case 3 -> base64url("{\"alg\":\"none\"}") + "." + parts[1] + "." + parts[2];
            case 4 -> parts[0] + ".." + parts[2];
            default -> base64url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + parts[1] + "." + parts[2];
        };
    }

    private static String base64url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String refusedToken(String kind) {
        TestIssuer issuer = TestIssuer.shared();
        return "Bearer " + switch (kind) {
            case "expired" -> issuer.expiredRiderToken(UNAUTHORIZED_RIDER);
            case "not yet valid" -> issuer.notYetValidRiderToken(UNAUTHORIZED_RIDER);
            case "wrong audience" -> issuer.wrongAudienceRiderToken(UNAUTHORIZED_RIDER);
            case "wrong issuer" -> issuer.wrongIssuerRiderToken(UNAUTHORIZED_RIDER);
            case "forged" -> issuer.forgedRiderToken(UNAUTHORIZED_RIDER);
            default -> issuer.algNoneRiderToken(UNAUTHORIZED_RIDER);
        };
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
