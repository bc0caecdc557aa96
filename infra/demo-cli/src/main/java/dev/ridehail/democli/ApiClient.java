package dev.ridehail.democli;

import dev.ridehail.contract.tokens.DemoTokenClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The few HTTP calls the demo makes, with JSON in and out, each with a bearer token from the demo issuer: a rider's
 * own for what a rider does (its updates, its trip), an operator's for the fleet's reads, an admin's to register
 * riders. The tokens are fetched once and renewed before they expire.
 */
final class ApiClient {

    /** The device the demo's riders post from ({@code device_id} of their tokens, rate-limited per rider and device). */
    static final String DEVICE = "demo-cli";

    record Answer(int status, JsonNode body, String location, long retryAfterSeconds) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The problem detail's text, for printing a refusal. */
        String problem() {
            if (body == null) {
                return "HTTP " + status;
            }
            String detail = body.path("detail").asString("");
            return "HTTP " + status + (detail.isEmpty() ? " " + body : ": " + detail);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final DemoTokenClient tokens;

    ApiClient(DemoTokenClient tokens) {
        this.tokens = tokens;
    }

    String riderToken(String riderId) {
        return tokens.riderToken(riderId, DEVICE);
    }

    String operatorToken() {
        return tokens.operatorToken();
    }

    String adminToken() {
        return tokens.adminToken();
    }

    Answer post(String url, String token, Object body) {
        return send(HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", DemoTokenClient.bearer(token))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    /**
     * POST, and on 503 (ingest could not get Kafka's acknowledgement in time) wait for Retry-After (capped at 5 s)
     * and send the same body again, up to three times. The body must carry its eventId so retries stay idempotent.
     */
    Answer postRetryingUnavailable(String url, String token, Object body) {
        Answer answer = post(url, token, body);
        for (int attempt = 1; attempt < 3 && answer.status() == 503; attempt++) {
            try {
                Thread.sleep(Duration.ofSeconds(Math.min(5, Math.max(1, answer.retryAfterSeconds()))));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return answer;
            }
            answer = post(url, token, body);
        }
        return answer;
    }

    Answer get(String url, String token) {
        return send(HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", DemoTokenClient.bearer(token))
            .GET());
    }

    private static long seconds(String retryAfter) {
        try {
            return Long.parseLong(retryAfter.trim());
        }
        catch (NumberFormatException httpDate) {
            return 1;
        }
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(text);
        }
        catch (JacksonException notJson) {
            return null;
        }
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(15)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = parse(response.body());
            long retryAfter = response.headers().firstValue("Retry-After").map(ApiClient::seconds).orElse(1L);
            return new Answer(response.statusCode(), body, response.headers().firstValue("Location").orElse(null),
                    retryAfter);
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot reach " + request.build().uri() + ": " + ex.getMessage(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }
}
