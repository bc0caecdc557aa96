package dev.ridehail.faults.scenarios;

import dev.ridehail.contract.tokens.DemoTokenClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The scenarios' own HTTP calls (probes, REST set-up, reads), each with a hard timeout. Reads and trip set-up carry
 * an operator token ({@code fleet:read trip:write}), location updates the token of the rider they are for, the
 * probes ({@code /livez}, {@code /readyz}) none, as an orchestrator sends none. Tokens come from the demo issuer that
 * ingest hosts; the client caches them, and ingest keeps its signing key across restarts, so they stay valid.
 */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(2))
        .version(HttpClient.Version.HTTP_1_1)
        .build();

    private final DemoTokenClient tokens;

    Http(DemoTokenClient tokens) {
        this.tokens = tokens;
    }

    /**
     * One exchange: status 0 when there was no answer within the timeout (or the connection failed).
     *
     * @param elapsed from sending to the answer (or to giving up)
     */
    record Answer(int status, String contentType, String retryAfter, String body, Duration elapsed) {

        boolean answered() {
            return status != 0;
        }
    }

    /** A read as the fleet operator. */
    Answer get(String url, Duration timeout) {
        return send(HttpRequest.newBuilder(URI.create(url))
            .timeout(timeout)
            .header("Authorization", DemoTokenClient.bearer(tokens.operatorToken()))
            .GET()
            .build());
    }

    /** A read without a token: the open probes. */
    Answer getWithoutToken(String url, Duration timeout) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build());
    }

    /** A write as the fleet operator (trips for any rider). */
    Answer postAsOperator(String url, String json, Duration timeout) {
        return post(url, json, tokens.operatorToken(), timeout);
    }

    /** A write as {@code riderId} on the same device the load generator's riders use. */
    Answer postAsRider(String riderId, String url, String json, Duration timeout) {
        return post(url, json, tokens.riderToken(riderId, "fault-suite"), timeout);
    }

    private static Answer post(String url, String json, String token, Duration timeout) {
        return send(HttpRequest.newBuilder(URI.create(url))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Authorization", DemoTokenClient.bearer(token))
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
    }

    private static Answer send(HttpRequest request) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Retry-After").orElse(null), response.body(),
                    Duration.ofNanos(System.nanoTime() - start));
        }
        catch (IOException ex) {
            return new Answer(0, "", null, ex.getClass().getSimpleName(), Duration.ofNanos(System.nanoTime() - start));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return new Answer(0, "", null, "interrupted", Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** A valid single location update as JSON. */
    static String update(UUID eventId, String riderId, UUID tripId, double lat, double lon, Instant recordedAt) {
        return "{\"eventId\":\"" + eventId + "\",\"riderId\":\"" + riderId + "\""
                + (tripId == null ? "" : ",\"tripId\":\"" + tripId + "\"") + ",\"lat\":" + lat + ",\"lon\":" + lon
                + ",\"speedMps\":5.0,\"headingDeg\":90.0,\"accuracyM\":5.0,\"recordedAt\":\"" + recordedAt + "\"}";
    }
}
