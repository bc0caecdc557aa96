package dev.ridehail.ingest.support;

import dev.ridehail.testing.TestIssuer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plain HTTP/1.1 against a running service: what a rider's app would send, nothing Spring-specific. By default every
 * request carries a real token of {@link TestIssuer#shared()} that allows it, as the app's would: a POST a rider token
 * for the rider its body names first ({@link #DEFAULT_RIDER} when it names none), a GET an operator token (health
 * details, metrics). {@link #withAuthorization} and {@link #withoutToken} send something else.
 */
public final class IngestHttp {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    /** The rider of a POST whose body names none (or none this helper can read). */
    public static final String DEFAULT_RIDER = "test-rider";

    private static final Pattern FIRST_RIDER = Pattern.compile("\"riderId\"\\s*:\\s*\"([^\"\\\\]*)\"");

    /** Re-minted well before TestIssuer's 15-minute lifetime runs out. */
    private static final Duration TOKEN_REUSE = Duration.ofMinutes(5);

    private static final Map<String, Minted> TOKENS = new ConcurrentHashMap<>();

    private final HttpClient client;

    private final String base;

    /** The Authorization header for a request (path, body or null), or null for none. */
    private final Function<byte[], String> authorization;

    private final boolean defaultTokens;

    public IngestHttp(int port) {
        this(HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build(), "http://localhost:" + port, null, true);
    }

    private IngestHttp(HttpClient client, String base, Function<byte[], String> authorization,
            boolean defaultTokens) {
        this.client = client;
        this.base = base;
        this.authorization = authorization;
        this.defaultTokens = defaultTokens;
    }

    /** The same service, every request with this {@code Authorization} value (raw, e.g. {@code "Bearer ..."}). */
    public IngestHttp withAuthorization(String value) {
        return new IngestHttp(client, base, (body) -> value, false);
    }

    /** The same service, every request with this bearer token. */
    public IngestHttp withToken(String token) {
        return withAuthorization(TestIssuer.bearer(token));
    }

    public IngestHttp withoutToken() {
        return new IngestHttp(client, base, (body) -> null, false);
    }

    public Answer postJson(String path, String json) {
        return post(path, json.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    public Answer post(String path, byte[] body, String contentType) {
        return send(request(path, contentType, body).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /** Without a known length the client sends Transfer-Encoding: chunked. */
    public Answer postChunked(String path, byte[] body, String contentType) {
        return send(request(path, contentType, body)
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
            .build());
    }

    public Answer get(String path) {
        return send(request(path, null, null).GET().build());
    }

    /** A token of the shared test issuer for this rider (default device), reused while it is young. */
    public static String riderToken(String riderId) {
        return TOKENS.compute("rider:" + riderId, (key, minted) -> fresh(minted,
                () -> TestIssuer.shared().riderToken(riderId))).token();
    }

    private static String operatorToken() {
        return TOKENS.compute("operator", (key, minted) -> fresh(minted, () -> TestIssuer.shared().operatorToken()))
            .token();
    }

    private static Minted fresh(Minted minted, Supplier<String> mint) {
        Instant now = Instant.now();
        return minted != null && minted.at().plus(TOKEN_REUSE).isAfter(now) ? minted : new Minted(mint.get(), now);
    }

    private record Minted(String token, Instant at) {
    }

    private String authorizationFor(byte[] body) {
        if (!defaultTokens) {
            return authorization.apply(body);
        }
        if (body == null) {
            return TestIssuer.bearer(operatorToken());
        }
        Matcher rider = FIRST_RIDER.matcher(new String(body, StandardCharsets.UTF_8));
        return TestIssuer.bearer(riderToken(rider.find() ? rider.group(1) : DEFAULT_RIDER));
    }

    private HttpRequest.Builder request(String path, String contentType, byte[] body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(90));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        String value = authorizationFor(body);
        if (value != null) {
            builder.header("Authorization", value);
        }
        return builder;
    }

    private Answer send(HttpRequest request) {
        try {
            long start = System.nanoTime();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers(), response.body(),
                    Duration.ofNanos(System.nanoTime() - start));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    public record Answer(int status, HttpHeaders headers, String body, Duration elapsed) {

        public Optional<String> contentType() {
            return header("Content-Type");
        }

        public Optional<String> retryAfter() {
            return header("Retry-After");
        }

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public boolean isProblem() {
            return contentType().map((type) -> type.startsWith("application/problem+json")).orElse(false);
        }

        /** The problem's type slug: {@code https://ridehail.dev/problems/<slug>}. */
        public String problemSlug() {
            String type = json().path("type").asString("");
            return type.substring(type.lastIndexOf('/') + 1);
        }
    }
}
