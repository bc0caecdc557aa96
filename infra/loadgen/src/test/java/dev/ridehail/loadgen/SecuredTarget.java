package dev.ridehail.loadgen;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A target shaped like location-ingest-service with its demo issuer: {@code POST /demo/token} grants the token
 * {@code token-for-<riderId>}, and every other POST is recorded (its {@code Authorization} header and body) and
 * answered with the status the test chose.
 */
final class SecuredTarget implements AutoCloseable {

    private static final Pattern RIDER_ID = Pattern.compile("\"riderId\":\"([^\"]+)\"");

    record Request(int order, String authorization, String body) {

        List<String> riderIds() {
            Matcher matcher = RIDER_ID.matcher(body);
            List<String> riders = new java.util.ArrayList<>();
            while (matcher.find()) {
                riders.add(matcher.group(1));
            }
            return riders;
        }
    }

    private final HttpServer server;

    private final int status;

    private final AtomicInteger order = new AtomicInteger();

    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();

    private final ConcurrentLinkedQueue<Integer> tokenRequests = new ConcurrentLinkedQueue<>();

    SecuredTarget(int status) throws IOException {
        this.status = status;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/demo/token", this::token);
        server.createContext("/", this::record);
        server.start();
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The order number of each token request, counted together with the recorded requests. */
    List<Integer> tokenRequests() {
        return List.copyOf(tokenRequests);
    }

    private void token(HttpExchange exchange) throws IOException {
        tokenRequests.add(order.incrementAndGet());
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Matcher rider = RIDER_ID.matcher(body);
        String token = "token-for-" + (rider.find() ? rider.group(1) : "nobody");
        respond(exchange, 200, "application/json", "{\"access_token\":\"" + token
                + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"scope\":\"location:write\"}");
    }

    private void record(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(order.incrementAndGet(), exchange.getRequestHeaders().getFirst("Authorization"),
                body));
        if (status == 401) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        }
        respond(exchange, status, status < 300 ? "application/json" : "application/problem+json",
                status < 300 ? "{}" : "{\"type\":\"https://ridehail.dev/problems/test\",\"status\":" + status + "}");
    }

    static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
