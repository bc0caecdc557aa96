import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Open-loop load for GET /api/v1/riders/nearby: requests start on a fixed schedule (rate per second) whatever the
 * previous ones do, and each latency is measured from the request's scheduled start, so a stall is charged to every
 * request it delays (no coordinated omission). Centres are random inside the benchmark's Berlin box.
 *
 * java rider-service/bench/NearbyLoad.java http://127.0.0.1:18082 200 60 1000 [status]
 *   args: base URL, rate (q/s), duration (s), radiusM, optional status filter
 *   environment: nearby needs a fleet:read token: TOKEN=<operator token>, or DEMO_ISSUER=http://localhost:8081/demo to
 *   have one issued by the demo issuer (location-ingest-service); neither: no token (a SECURITY_ENABLED=false run).
 *   All requests come from one caller, so start the service with READ_RATE_LIMIT_BURST and READ_RATE_LIMIT_PER_SECOND
 *   above the rate, or most answers are 429.
 */
public class NearbyLoad {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int radius = Integer.parseInt(args[3]);
        String status = args.length > 4 ? "&status=" + args[4] : "";
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        String token = token(http);
        // warm-up: 5 s at the same rate, not recorded
        run(http, base, rate, 5, radius, status, token);
        Result result = run(http, base, rate, seconds, radius, status, token);
        long[] latencies = result.latenciesMicros;
        Arrays.sort(latencies);
        System.out.printf(Locale.ROOT,
                "requests=%d errors=%d rate=%d/s radiusM=%d%s  p50=%.2f ms p90=%.2f ms p99=%.2f ms p99.9=%.2f ms max=%.2f ms  mean riders/answer=%.1f%n",
                latencies.length, result.errors, rate, radius, status, pct(latencies, 50), pct(latencies, 90),
                pct(latencies, 99), pct(latencies, 99.9), latencies[latencies.length - 1] / 1000.0,
                result.riders / (double) Math.max(1, latencies.length - result.errors));
    }

    record Result(long[] latenciesMicros, int errors, long riders) {
    }

    /** TOKEN, else an operator token (1 h, longer than any run) from DEMO_ISSUER, else none. */
    static String token(HttpClient http) throws Exception {
        String token = System.getenv("TOKEN");
        String issuer = System.getenv("DEMO_ISSUER");
        if (token != null && !token.isBlank()) {
            return token;
        }
        if (issuer == null || issuer.isBlank()) {
            return null;
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(issuer + "/token"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"operator\",\"ttl\":\"PT1H\"}"))
            .build(), HttpResponse.BodyHandlers.ofString());
        Matcher matcher = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
        if (response.statusCode() != 200 || !matcher.find()) {
            throw new IllegalStateException("No token from " + issuer + ": " + response.statusCode() + " " + response.body());
        }
        return matcher.group(1);
    }

    static Result run(HttpClient http, String base, int rate, int seconds, int radius, String status, String token)
            throws Exception {
        int total = rate * seconds;
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        java.util.concurrent.atomic.AtomicLong riders = new java.util.concurrent.atomic.AtomicLong();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < total; i++) {
                long scheduled = start + i * intervalNanos;
                long wait = scheduled - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                double lat = 52.38 + ThreadLocalRandom.current().nextDouble() * 0.24;
                double lon = 13.15 + ThreadLocalRandom.current().nextDouble() * 0.5;
                URI uri = URI.create(String.format(Locale.ROOT, "%s/api/v1/riders/nearby?lat=%.6f&lon=%.6f&radiusM=%d&limit=20%s",
                        base, lat, lon, radius, status));
                executor.submit(() -> {
                    try {
                        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
                        if (token != null) {
                            request.header("Authorization", "Bearer " + token);
                        }
                        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                        else {
                            riders.addAndGet(response.body().split("\"riderId\"", -1).length - 1);
                        }
                    }
                    catch (Exception ex) {
                        errors.incrementAndGet();
                    }
                    latencies.add((System.nanoTime() - scheduled) / 1000);
                });
            }
        }
        return new Result(latencies.stream().mapToLong(Long::longValue).toArray(), errors.get(), riders.get());
    }

    static double pct(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0;
    }
}
