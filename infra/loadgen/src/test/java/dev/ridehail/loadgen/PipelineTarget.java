package dev.ridehail.loadgen;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The pipeline as the freshness probe sees it, on one port: ingest's {@code POST /api/v1/locations} ({@code 202}) and
 * its demo issuer ({@code token-for-<riderId>}), trip-service's track and rider-service's latest position. Each read
 * shows an accepted update only once the delay the test chose for that service has passed since the {@code 202}
 * (never when it is null), and answers as the services do: without a token {@code 401}, with another rider's
 * {@code 404}.
 */
final class PipelineTarget implements AutoCloseable {

    private static final Pattern FIELD = Pattern.compile("\"(eventId|riderId|recordedAt)\":\"([^\"]+)\"");

    private static final Pattern READ = Pattern.compile("/api/v1/riders/([^/]+)/(track|location)");

    private record Accepted(String eventId, Instant recordedAt, long acceptedAtNanos) {
    }

    private final HttpServer server;

    private final Duration tripDelay;

    private final Duration riderDelay;

    private final Map<String, List<Accepted>> accepted = new ConcurrentHashMap<>();

    private final Set<String> trackWindows = ConcurrentHashMap.newKeySet();

    PipelineTarget(Duration tripDelay, Duration riderDelay) throws IOException {
        this.tripDelay = tripDelay;
        this.riderDelay = riderDelay;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/demo/token", this::token);
        server.createContext("/api/v1/locations", this::ingest);
        server.createContext("/api/v1/riders/", this::read);
        server.start();
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** How many updates ingest accepted. */
    int acceptedCount() {
        return accepted.values().stream().mapToInt(List::size).sum();
    }

    /** The distinct {@code from} instants the track was read for: one per update the probe followed. */
    Set<String> trackWindows() {
        return Set.copyOf(trackWindows);
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> fields = fields(exchange);
        SecuredTarget.respond(exchange, 200, "application/json", "{\"access_token\":\"token-for-"
                + fields.get("riderId") + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
    }

    private void ingest(HttpExchange exchange) throws IOException {
        Map<String, String> fields = fields(exchange);
        String riderId = fields.get("riderId");
        if (!("Bearer token-for-" + riderId).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            SecuredTarget.respond(exchange, 403, "application/problem+json", "{\"status\":403}");
            return;
        }
        accepted.computeIfAbsent(riderId, id -> new CopyOnWriteArrayList<>())
            .add(new Accepted(fields.get("eventId"), Instant.parse(fields.get("recordedAt")), System.nanoTime()));
        SecuredTarget.respond(exchange, 202, "application/json", "{\"eventId\":\"" + fields.get("eventId") + "\"}");
    }

    private void read(HttpExchange exchange) throws IOException {
        Matcher path = READ.matcher(exchange.getRequestURI().getPath());
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (!path.matches() || authorization == null) {
            SecuredTarget.respond(exchange, 401, "application/problem+json", "{\"status\":401}");
            return;
        }
        String riderId = path.group(1);
        if (!authorization.equals("Bearer token-for-" + riderId)) {
            SecuredTarget.respond(exchange, 404, "application/problem+json", "{\"status\":404}");
            return;
        }
        if (path.group(2).equals("track")) {
            track(exchange, riderId);
        }
        else {
            location(exchange, riderId);
        }
    }

    private void track(HttpExchange exchange, String riderId) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        trackWindows.add(query.get("from"));
        Instant from = Instant.parse(query.get("from"));
        Instant to = Instant.parse(query.get("to"));
        String points = visible(riderId, tripDelay).stream()
            .filter(update -> !update.recordedAt().isBefore(from) && update.recordedAt().isBefore(to))
            .map(update -> "{\"eventId\":\"" + update.eventId() + "\",\"recordedAt\":\"" + update.recordedAt() + "\"}")
            .collect(Collectors.joining(","));
        SecuredTarget.respond(exchange, 200, "application/json",
                "{\"riderId\":\"" + riderId + "\",\"points\":[" + points + "]}");
    }

    private void location(HttpExchange exchange, String riderId) throws IOException {
        Instant latest = visible(riderId, riderDelay).stream()
            .map(Accepted::recordedAt)
            .max(Instant::compareTo)
            .orElse(null);
        if (latest == null) {
            SecuredTarget.respond(exchange, 404, "application/problem+json", "{\"status\":404}");
            return;
        }
        SecuredTarget.respond(exchange, 200, "application/json",
                "{\"riderId\":\"" + riderId + "\",\"recordedAt\":\"" + latest + "\"}");
    }

    private List<Accepted> visible(String riderId, Duration delay) {
        long now = System.nanoTime();
        return delay == null ? List.of()
                : accepted.getOrDefault(riderId, List.of())
                    .stream()
                    .filter(update -> now - update.acceptedAtNanos() >= delay.toNanos())
                    .toList();
    }

    private static Map<String, String> fields(HttpExchange exchange) throws IOException {
        Matcher field = FIELD.matcher(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Map<String, String> fields = new ConcurrentHashMap<>();
        while (field.find()) {
            fields.put(field.group(1), field.group(2));
        }
        return fields;
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> parameters = new ConcurrentHashMap<>();
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            parameters.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        return parameters;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
