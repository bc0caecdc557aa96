package dev.ridehail.democli;

import dev.ridehail.contract.tokens.DemoTokenClient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The source notes' producer.js, against our ingest API instead of a raw Kafka producer.
 *
 * <pre>
 * infra/demo-cli/run.sh                                  # interactive: "tony south", "tony north", ...
 * infra/demo-cli/run.sh --simulate 5 --duration 60s      # 5 riders drive trips for a minute
 * </pre>
 */
public final class DemoCli {

    private static final String USAGE = """
            usage: infra/demo-cli/run.sh [options]
              (no --simulate)      read "<rider> <zone>" lines from stdin (zones: north south east west centre)
              --simulate N         N riders each drive a trip (created through trip-service) for --duration
              --duration D         simulation length, e.g. 60s, 2m          default 60s
              --interval D         time between a rider's updates           default 1s
              --ingest-url URL     location-ingest-service                  default http://localhost:8081
              --rider-url URL      rider-service                            default http://localhost:8082
              --trip-url URL       trip-service                             default http://localhost:8083
              --demo-issuer URL    token issuer (else env DEMO_ISSUER)      default http://localhost:8081/demo
              --seed N             random seed of the simulation            default 42
            """;

    static final String DEFAULT_DEMO_ISSUER = "http://localhost:8081/demo";

    private DemoCli() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options;
        try {
            options = parseOptions(args);
        }
        catch (IllegalArgumentException ex) {
            System.err.println(ex.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (options.containsKey("help")) {
            System.out.print(USAGE);
            return;
        }
        String ingest = options.getOrDefault("ingest-url", "http://localhost:8081");
        ApiClient api = new ApiClient(new DemoTokenClient(demoIssuer(options, System.getenv("DEMO_ISSUER"))));
        if (options.containsKey("simulate")) {
            Simulation.Settings settings = new Simulation.Settings(ingest,
                    options.getOrDefault("rider-url", "http://localhost:8082"),
                    options.getOrDefault("trip-url", "http://localhost:8083"), Integer.parseInt(options.get("simulate")),
                    duration(options.getOrDefault("duration", "60s")), duration(options.getOrDefault("interval", "1s")),
                    Long.parseLong(options.getOrDefault("seed", "42")));
            try {
                new Simulation(settings, api, System.out).run();
            }
            catch (IllegalStateException ex) {
                System.err.println("simulation stopped: " + ex.getMessage());
                System.exit(1);
            }
            return;
        }
        interactive(ingest, api, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                System.out);
    }

    /** The option, else the environment's {@code DEMO_ISSUER}, else the issuer run.sh and compose start. */
    static URI demoIssuer(Map<String, String> options, String environment) {
        String issuer = options.get("demo-issuer");
        if (issuer == null) {
            issuer = environment == null || environment.isBlank() ? DEFAULT_DEMO_ISSUER : environment;
        }
        return URI.create(issuer);
    }

    static void interactive(String ingestUrl, ApiClient api, BufferedReader in, PrintStream out) throws IOException {
        out.println("Posting to " + ingestUrl + "/api/v1/locations. Type: <rider> <zone>, e.g. tony south. Ctrl-D ends.");
        Random jitter = new Random();
        out.print("> ");
        out.flush();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (!line.isBlank()) {
                try {
                    ProducerLine command = ProducerLine.parse(line);
                    out.println(send(ingestUrl, api, command, jitter));
                }
                catch (IllegalArgumentException | IllegalStateException ex) {
                    out.println("  " + ex.getMessage());
                }
            }
            out.print("> ");
            out.flush();
        }
        out.println();
    }

    /** Posts one update somewhere in the zone (within about 300 m of its centre) and says where Kafka put it. */
    static String send(String ingestUrl, ApiClient api, ProducerLine command, Random jitter) {
        double lat = command.zone().lat() + (jitter.nextDouble() - 0.5) * 0.005;
        double lon = command.zone().lon() + (jitter.nextDouble() - 0.5) * 0.005;
        Map<String, Object> body = new LinkedHashMap<>();
        // Our own eventId, so a retry after a 503 cannot store the update twice (consumers keep each eventId once).
        body.put("eventId", UUID.randomUUID().toString());
        body.put("riderId", command.riderId());
        body.put("lat", lat);
        body.put("lon", lon);
        body.put("recordedAt", Instant.now().toString());
        // The rider's own token: ingest takes the rider of an update from it.
        ApiClient.Answer answer = api.postRetryingUnavailable(ingestUrl + "/api/v1/locations",
                api.riderToken(command.riderId()), body);
        if (!answer.ok()) {
            return "  refused: " + answer.problem();
        }
        return String.format(Locale.ROOT, "  %s in %s (%s, %.5f,%.5f) -> partition %d, offset %d, eventId %s",
                command.riderId(), command.zone().name().toLowerCase(Locale.ROOT), command.zone().area(), lat, lon,
                answer.body().path("partition").asInt(), answer.body().path("offset").asLong(),
                answer.body().path("eventId").asString());
    }

    static Map<String, String> parseOptions(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                options.put("help", "");
                continue;
            }
            if (!arg.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("bad option or missing value: " + arg);
            }
            String name = arg.substring(2);
            if (!USAGE.contains("--" + name + " ")) {
                throw new IllegalArgumentException("unknown option " + arg);
            }
            options.put(name, args[++i]);
        }
        if (options.containsKey("simulate") && Integer.parseInt(options.get("simulate")) < 1) {
            throw new IllegalArgumentException("--simulate needs at least 1 rider");
        }
        return options;
    }

    /** {@code 500ms}, {@code 30s}, {@code 2m}, or a plain number of seconds. */
    static Duration duration(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            if (value.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
            }
            if (value.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(value));
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException("not a duration: " + text + " (use e.g. 500ms, 30s, 2m)");
        }
    }
}
