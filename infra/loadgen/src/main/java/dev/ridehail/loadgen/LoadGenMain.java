package dev.ridehail.loadgen;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command line for {@link LoadGenerator}.
 *
 * <pre>
 * java -jar infra/loadgen/target/loadgen.jar --url http://127.0.0.1:8081 --mode batch --rates 5000,10000,20000 \
 *      --step-duration 20s --json results.json --journal outcomes.tsv
 * java -jar infra/loadgen/target/loadgen.jar --self-test --rates 10000,20000,40000
 * </pre>
 */
public final class LoadGenMain {

    private static final String USAGE = """
            Usage: loadgen (--url URL | --self-test) [options]
              --url URL               target base URL, e.g. http://127.0.0.1:8081
              --self-test             run against an in-process trivial 202 server (the generator's own ceiling)
              --mode single|batch     POST /api/v1/locations or /api/v1/locations/batch (default single)
              --batch-size N          updates per batch request, all of one rider (default 100)
              --token-issuer URL      demo issuer of the riders' bearer tokens (default <url>/demo; ingest
                                      hosts it with DEMO_ISSUER_ENABLED=true); fetched before the first step
              --no-tokens             send no Authorization header (a target that checks none)
              --rates R1,R2,...       offered updates/s per step; steps stop at the first unsustained one (default 1000)
              --step-duration D       per step, e.g. 30s, 2m (default 30s)
              --pause D               pause between steps (default 2s)
              --p99-bound-ms MS       a step with p99 above this is not sustained (default 100)
              --riders N              simulated riders (default 2000)
              --rider-prefix P        riderId prefix (default rider-)
              --trip-share F          fraction of riders on a trip (default 0.3)
              --seed N                route seed (default 1)
              --connections N         keep-alive connections (default 128 single, 32 batch)
              --timeout D             request timeout; unanswered requests are UNKNOWN (default 10s)
              --journal FILE          write eventId, riderId, outcome (ACKED, REFUSED, RATE_LIMITED, UNKNOWN,
                                      NOT_SENT), status per update
            A 429 counts as RATE_LIMITED (the target's INGEST_RATE_LIMIT_* are below the offered load); a 401 or 403
            stops the run with exit status 3 (the tokens are not what the target accepts).
              --json FILE             write the results as JSON
              --quiet                 no progress line
            """;

    private LoadGenMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        if (options.containsKey("help") || (!options.containsKey("url") && !options.containsKey("self-test"))) {
            System.err.print(USAGE);
            System.exit(options.containsKey("help") ? 0 : 2);
        }
        TrivialHttpServer selfTest = options.containsKey("self-test") ? new TrivialHttpServer() : null;
        URI url = URI.create(selfTest != null ? "http://127.0.0.1:" + selfTest.port() : options.get("url"));
        boolean batch = "batch".equalsIgnoreCase(options.getOrDefault("mode", "single"));
        LoadSettings settings = batch
                ? LoadSettings.batch(url, Integer.parseInt(options.getOrDefault("batch-size", "100")))
                : LoadSettings.single(url);
        if (options.containsKey("connections")) {
            settings = settings.withConnections(Integer.parseInt(options.get("connections")));
        }
        settings = settings.withRequestTimeout(duration(options.getOrDefault("timeout", "10s")))
            .withProgress(!options.containsKey("quiet"));
        if (selfTest != null || options.containsKey("no-tokens")) {
            settings = settings.withoutTokens();
        }
        else if (options.containsKey("token-issuer")) {
            settings = settings.withTokenIssuer(URI.create(options.get("token-issuer")));
        }
        List<Double> rates = Arrays.stream(options.getOrDefault("rates", "1000").split(","))
            .map(String::trim)
            .map(Double::parseDouble)
            .toList();
        RiderFleet fleet = new RiderFleet(Integer.parseInt(options.getOrDefault("riders", "2000")),
                options.getOrDefault("rider-prefix", "rider-"),
                Double.parseDouble(options.getOrDefault("trip-share", "0.3")), 4.0, 38.7223, -9.1393,
                Long.parseLong(options.getOrDefault("seed", "1")), java.time.Clock.systemUTC());
        double bound = Double.parseDouble(options.getOrDefault("p99-bound-ms", "100"));
        OutcomeJournal journal = options.containsKey("journal") ? new OutcomeJournal(Path.of(options.get("journal")))
                : null;
        List<StepResult> results;
        AuthorizationRejectedException rejected = null;
        Instant started = Instant.now();
        try (LoadGenerator generator = new LoadGenerator(settings, fleet)) {
            results = generator.runLadder(batch ? "batch" : "single", rates,
                    duration(options.getOrDefault("step-duration", "30s")),
                    bound, duration(options.getOrDefault("pause", "2s")),
                    journal != null ? journal : OutcomeListener.NONE);
        }
        catch (AuthorizationRejectedException ex) {
            rejected = ex;
            results = List.of();
        }
        finally {
            if (journal != null) {
                journal.close();
            }
            if (selfTest != null) {
                selfTest.close();
            }
        }
        if (rejected != null) {
            System.err.println("[loadgen] " + rejected.getMessage());
            System.exit(3);
        }
        for (StepResult step : results) {
            System.out.printf("%-16s offered %,10.0f/s achieved %,10.0f/s errors %-24s p50 %8.2f ms p99 %8.2f ms "
                    + "p99.9 %8.2f ms max %8.2f ms %s%n", step.label(), step.offeredRate(), step.achievedRate(),
                    step.errors(), step.p50Ms(), step.p99Ms(), step.p999Ms(), step.maxMs(),
                    step.sustained(bound) ? "sustained" : "NOT sustained");
        }
        if (options.containsKey("json")) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("startedAt", started.toString());
            document.put("target", url.toString());
            document.put("mode", settings.mode().name());
            document.put("batchSize", settings.batchSize());
            document.put("connections", settings.connections());
            document.put("p99BoundMs", bound);
            document.put("availableProcessors", Runtime.getRuntime().availableProcessors());
            document.put("javaVersion", Runtime.version().toString());
            document.put("steps", results);
            writeJson(Path.of(options.get("json")), document);
        }
    }

    /** Writes any value (records included) as indented JSON. */
    public static void writeJson(Path file, Object value) throws java.io.IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        Files.writeString(file, mapper.writeValueAsString(value));
    }

    /** {@code 500ms}, {@code 30s}, {@code 2m}, or ISO-8601 {@code PT30S}. */
    public static Duration duration(String text) {
        String value = text.trim().toLowerCase();
        if (value.startsWith("pt")) {
            return Duration.parse(value);
        }
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        if (value.endsWith("s")) {
            return Duration.ofMillis((long) (Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
        }
        if (value.endsWith("m")) {
            return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)) * 60);
        }
        return Duration.ofSeconds(Long.parseLong(value));
    }

    static Map<String, String> parse(String[] args) {
        return parse(args, List.of("self-test", "quiet", "help", "no-tokens"), USAGE);
    }

    /**
     * {@code --name value}, {@code --name=value}, or {@code --flag} for the names in {@code flags} (then
     * {@code "true"}); a wrong argument is an {@link IllegalArgumentException} whose message ends with {@code usage}.
     */
    static Map<String, String> parse(String[] args, List<String> flags, String usage) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument " + args[i] + "\n" + usage);
            }
            String name = args[i].substring(2);
            int equals = name.indexOf('=');
            if (equals >= 0) {
                options.put(name.substring(0, equals), name.substring(equals + 1));
            }
            else if (flags.contains(name)) {
                options.put(name, "true");
            }
            else if (i + 1 < args.length) {
                options.put(name, args[++i]);
            }
            else {
                throw new IllegalArgumentException("Missing value for --" + name + "\n" + usage);
            }
        }
        return options;
    }
}
