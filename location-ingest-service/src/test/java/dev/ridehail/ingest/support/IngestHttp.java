package dev.ridehail.ingest.support;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** Plain HTTP/1.1 against a running service: what a rider's app would send, nothing Spring-specific. */
public final class IngestHttp {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();

    private final String base;

    public IngestHttp(int port) {
        this.base = "http://localhost:" + port;
    }

    public Answer postJson(String path, String json) {
        return post(path, json.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    public Answer post(String path, byte[] body, String contentType) {
        return send(request(path, contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /** Without a known length the client sends Transfer-Encoding: chunked. */
    public Answer postChunked(String path, byte[] body, String contentType) {
        return send(request(path, contentType)
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
            .build());
    }

    public Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(90)).GET().build());
    }

    private HttpRequest.Builder request(String path, String contentType) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(90));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return builder;
    }

    private Answer send(HttpRequest request) {
        try {
            long start = System.nanoTime();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type"),
                    response.headers().firstValue("Retry-After"), response.body(),
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

    public record Answer(int status, Optional<String> contentType, Optional<String> retryAfter, String body,
            Duration elapsed) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public boolean isProblem() {
            return contentType.map((type) -> type.startsWith("application/problem+json")).orElse(false);
        }
    }
}
