package dev.ridehail.benchmark;

import dev.ridehail.contract.tokens.DemoTokenClient;
import dev.ridehail.loadgen.LoadGenerator;
import dev.ridehail.loadgen.LoadSettings;
import dev.ridehail.loadgen.Outcome;
import dev.ridehail.loadgen.OutcomeListener;
import dev.ridehail.loadgen.RiderFleet;
import dev.ridehail.loadgen.StepResult;
import dev.ridehail.localstack.LocalStack;
import dev.ridehail.localstack.LocalStackOptions;
import dev.ridehail.processes.Ports;
import dev.ridehail.localstack.ServiceKind;
import org.HdrHistogram.Histogram;
import org.flywaydb.core.Flyway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One benchmark run: starts the topology (the local stack's broker + ingest + trip-service on the benchmark's
 * PostgreSQL, plus the direct baseline), then runs the scenarios in order and returns what they measured.
 *
 * <p>Both paths check the same bearer tokens: ingest hosts the demo issuer, trip-service and the direct baseline
 * verify its tokens through its JWKS. Each scenario's generator fetches its riders' tokens before its first request,
 * so the measurements hold the token checks, never the token requests.
 */
final class Benchmark {

    /**
     * Rate limits no scenario reaches, for every service and the baseline: the ladders offer up to 240,000 updates/s
     * over 2,000 riders (120 a second each) and the freshness check polls trip-service as one operator dozens of times
     * a second. The benchmark measures the paths' capacity, not the limits (api-security and ingest test those), and
     * a 429 would end a ladder step as unsustained.
     */
    static final Map<String, String> UNREACHED_RATE_LIMITS = Map.of("INGEST_RATE_LIMIT_BURST", "100000000",
            "INGEST_RATE_LIMIT_PER_SECOND", "100000000", "READ_RATE_LIMIT_BURST", "100000000",
            "READ_RATE_LIMIT_PER_SECOND", "100000000");

    /** Riders per scenario and path; a batch request holds one rider's updates. */
    static final int RIDERS = 2_000;

    static final String DIRECT = "direct";

    static final String KAFKA_SINGLE = "kafka-single";

    static final String KAFKA_BATCH = "kafka-batch";

    private final BenchmarkConfig config;

    private final List<String> notes = new ArrayList<>();

    private final List<double[]> loadAverage = java.util.Collections.synchronizedList(new ArrayList<>());

    private final long runStart = System.nanoTime();

    private PostgresServer postgres;

    private HistoryTable directTable;

    private HistoryTable tripTable;

    private HistoryTable sinkTable;

    private Path connectLib;

    private LocalStack stack;

    private BaselineProcess baseline;

    private final AtomicLong scenarioSequence = new AtomicLong();

    private URI ingestUrl;

    /** The demo issuer's operator token, for the freshness check's reads. */
    private DemoTokenClient operatorTokens;

    Benchmark(BenchmarkConfig config) {
        this.config = config;
    }

    Results run() throws IOException {
        Instant started = Instant.now();
        Thread loadSampler = Thread.ofPlatform().daemon().name("loadavg").start(this::sampleLoadAverage);
        try {
            startTopology();
            List<Results.Ladder> ladders = new ArrayList<>();
            List<Results.Cost> costs = new ArrayList<>();
            List<Results.Burst> bursts = new ArrayList<>();
            List<Results.Outage> outages = new ArrayList<>();
            List<Results.Drain> drains = new ArrayList<>();
            if (config.drainOnly()) {
                drains.addAll(drain(config.drainUpdates()));
                notes.add("Drain scenario only (--drain-only): " + config.drainUpdates() + " updates.");
                loadSampler.interrupt();
                return new Results(started.toString(), Instant.now().toString(), config.quick(), machine(),
                        settings(), ladders, costs, bursts, outages, null, drains, List.copyOf(loadAverage),
                        List.copyOf(notes));
            }
            // also in quick mode: cold JVMs and lazily opened connection pools would otherwise time out the first
            // requests, and quick mode asserts that something was acknowledged
            warmUp(config.quick() ? 0.1 : 1.0);
            ladders.add(ladder(DIRECT, config.directRates()));
            ladders.add(ladder(KAFKA_SINGLE, config.singleRates()));
            ladders.add(ladder(KAFKA_BATCH, config.batchRates()));
            double directSustained = ladders.get(0).sustainedRate();
            if (directSustained <= 0) {
                directSustained = config.directRates().get(0) / 2;
                notes.add("The direct path sustained none of its ladder steps; rates derived from it use "
                        + directSustained + "/s.");
            }
            double steady = Math.max(100, Math.round(directSustained * 0.5));
            Results.Freshness freshness;
            if (config.quick()) {
                freshness = freshness(steady);
            }
            else {
                double costRate = Math.max(200, Math.round(directSustained * 0.7));
                for (String path : List.of(DIRECT, KAFKA_SINGLE, KAFKA_BATCH)) {
                    costs.add(cost(path, costRate));
                }
                double burstRate = Math.round(directSustained * config.burstFactor());
                for (String path : List.of(DIRECT, KAFKA_SINGLE, KAFKA_BATCH)) {
                    bursts.add(burst(path, burstRate));
                }
                freshness = freshness(steady);
            }
            if (config.drainUpdates() > 0) {
                drains.addAll(drain(config.drainUpdates()));
            }
            if (config.quick()) {
                notes.add("Quick mode: a short warm-up, one short step per path, no cost/burst/outage scenarios; "
                        + "the drain scenario with " + config.drainUpdates() + " updates and one Connect task.");
            }
            else if (postgres.controllable()) {
                for (String path : List.of(DIRECT, KAFKA_SINGLE)) {
                    outages.add(outage(path, steady));
                }
            }
            else {
                notes.add("Outage scenario not run: the PostgreSQL server is not one the benchmark may stop.");
            }
            loadSampler.interrupt();
            return new Results(started.toString(), Instant.now().toString(), config.quick(), machine(), settings(),
                    ladders, costs, bursts, outages, freshness, drains, List.copyOf(loadAverage),
                    List.copyOf(notes));
        }
        finally {
            loadSampler.interrupt();
            stopTopology();
        }
    }

    // ---------------------------------------------------------------- topology

    private void startTopology() throws IOException {
        postgres = config.useDedicatedCluster()
                ? PostgresServer.dedicatedCluster(config.pgPort()).orElse(null) : null;
        if (postgres == null) {
            postgres = PostgresServer.external(config.externalPostgresHost(), config.externalPostgresPort(),
                    "postgres", "");
        }
        log("PostgreSQL: " + postgres.description() + ", version " + postgres.version());
        String suffix = postgres.controllable() ? "" : "_" + ProcessHandle.current().pid();
        String tripDb = "bench_trip" + suffix;
        String directDb = "bench_direct" + suffix;
        String sinkDb = "bench_sink" + suffix;
        postgres.createDatabase(tripDb);
        postgres.createDatabase(directDb);
        postgres.createDatabase(sinkDb);

        Path runDir = config.projectRoot().resolve("infra/benchmark/target/run");
        Path snapshot = snapshotJars(runDir.resolve("jars"));
        connectLib = snapshotConnectClasspath(runDir.resolve("connect-lib"));
        LocalStackOptions options = LocalStackOptions.defaults(snapshot)
            .withFreePorts()
            .withRunDirectory(runDir)
            .withKafka(runDir.resolve("kafka-data-" + System.currentTimeMillis()), 0, 6)
            .withPostgres(postgres.serverUrl(), postgres.user(), postgres.password())
            .withDatabase(ServiceKind.TRIP, tripDb, !postgres.controllable())
            // rider-service is a second consumer group with its own database; it is not part of the comparison
            // and would only take CPU from the two cores both paths share
            .withInstances(ServiceKind.RIDER, 0)
            .withEnvironment(UNREACHED_RATE_LIMITS)
            .withStartTimeout(Duration.ofMinutes(4));
        log("Starting the local stack (broker + location-ingest-service + trip-service) ...");
        stack = LocalStack.start(options);
        log(stack.describe());
        tripTable = new HistoryTable(postgres, tripDb);

        migrateLikeTripService(tripDb, directDb);
        directTable = new HistoryTable(postgres, directDb);
        migrateLikeTripService(tripDb, sinkDb);
        sinkTable = new HistoryTable(postgres, sinkDb);
        ingestUrl = URI.create(stack.url(ServiceKind.INGEST));
        operatorTokens = new DemoTokenClient(stack.demoIssuer(), Duration.ofHours(1), java.time.Clock.systemUTC());
        if (config.drainOnly()) {
            return; // the drain scenario sends no HTTP: no baseline needed
        }
        int baselinePort = Ports.free();
        log("Starting direct-baseline on port " + baselinePort + " ...");
        baseline = BaselineProcess.start(snapshot, baselinePort, postgres.url(directDb), postgres.user(),
                postgres.password(), stack.demoIssuer(), UNREACHED_RATE_LIMITS, options.serviceJvmOptions(),
                runDir.resolve("direct-baseline.log"));
    }

    /**
     * A generator for one scenario on one path; riders are {@code s<n>-<path>-<i>}, unique to the scenario, each with
     * its token from ingest's demo issuer (fetched here, before the scenario's load).
     */
    private Tracked.Target target(String path) {
        long n = scenarioSequence.incrementAndGet();
        String prefix = "s" + n + "-" + path + "-";
        LoadSettings settings = switch (path) {
            case DIRECT -> LoadSettings.single(URI.create(baseline.baseUrl()));
            case KAFKA_SINGLE -> LoadSettings.single(ingestUrl);
            default -> LoadSettings.batch(ingestUrl, 100);
        };
        return new Tracked.Target(new LoadGenerator(settings.withTokenIssuer(stack.demoIssuer()),
                RiderFleet.lisbon(RIDERS, prefix, n)), table(path), prefix);
    }

    /**
     * Copies the service jars (and the baseline's) to a private directory laid out like the project, and runs those:
     * in a shared work tree a rebuild replaces a jar under a running JVM, which then fails to load classes.
     */
    private Path snapshotJars(Path snapshot) throws IOException {
        List<Path> jars = new ArrayList<>();
        for (ServiceKind kind : List.of(ServiceKind.INGEST, ServiceKind.TRIP, ServiceKind.RIDER)) {
            kind.findJar(config.projectRoot()).ifPresent(jars::add);
        }
        jars.add(config.projectRoot().resolve("infra/direct-baseline/target/direct-baseline.jar"));
        for (Path jar : jars) {
            if (!Files.isRegularFile(jar)) {
                continue;
            }
            Path copy = snapshot.resolve(config.projectRoot().relativize(jar));
            Files.createDirectories(copy.getParent());
            Files.copy(jar, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        log("Service jars copied to " + snapshot + " (the run uses these copies)");
        return snapshot;
    }

    /**
     * trip-service's migrations, run from its source folder, and the same daily partitions its maintenance job created:
     * bench_direct and bench_sink get the identical table, keys and indexes.
     */
    private void migrateLikeTripService(String tripDb, String database) {
        Flyway.configure()
            .dataSource(postgres.url(database), postgres.user(), postgres.password())
            .locations("filesystem:" + config.projectRoot().resolve("trip-service/src/main/resources/db/migration"))
            .load()
            .migrate();
        copyPartitions(tripDb, database);
    }

    /** The Kafka Connect class path (infra/connect-sink/target/lib), copied for the same reason as the jars. */
    private Path snapshotConnectClasspath(Path snapshot) throws IOException {
        Path lib = config.projectRoot().resolve("infra/connect-sink/target/lib");
        if (config.drainUpdates() <= 0) {
            return lib;
        }
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("No Kafka Connect class path at " + lib
                    + ": build it with ./mvnw -B -q -pl infra/connect-sink -am -DskipTests package");
        }
        Files.createDirectories(snapshot);
        try (var jars = Files.list(lib)) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, snapshot.resolve(jar.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return snapshot;
    }

    /** Same daily partitions in another database as trip-service's maintenance job created in its database. */
    private void copyPartitions(String fromDb, String toDb) {
        List<String[]> partitions = new ArrayList<>();
        try (Connection from = postgres.connect(fromDb); Statement statement = from.createStatement();
                ResultSet rs = statement.executeQuery("SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) "
                        + "FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                        + "WHERE i.inhparent = 'location_history'::regclass")) {
            while (rs.next()) {
                partitions.add(new String[] { rs.getString(1), rs.getString(2) });
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Cannot read trip-service's partitions: " + ex.getMessage(), ex);
        }
        try (Connection to = postgres.connect(toDb); Statement statement = to.createStatement()) {
            for (String[] partition : partitions) {
                statement.execute("CREATE TABLE IF NOT EXISTS " + partition[0] + " PARTITION OF location_history "
                        + partition[1]);
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Cannot create partitions in " + toDb + ": " + ex.getMessage(), ex);
        }
        log(toDb + ": " + partitions.size() + " partitions of location_history, as in trip-service's database");
    }

    private void stopTopology() {
        if (operatorTokens != null) {
            operatorTokens.close();
        }
        if (baseline != null) {
            baseline.close();
        }
        if (stack != null) {
            stack.stop();
        }
        if (postgres != null) {
            postgres.close(); // the dedicated cluster was made for this run
        }
    }

    private HistoryTable table(String path) {
        return DIRECT.equals(path) ? directTable : tripTable;
    }

    // ---------------------------------------------------------------- scenarios

    private void warmUp(double scale) {
        for (String path : List.of(DIRECT, KAFKA_SINGLE, KAFKA_BATCH)) {
            double rate = (KAFKA_BATCH.equals(path) ? 5000 : 500) * scale;
            log("Warm-up " + path);
            Tracked.Target target = target(path);
            try (LoadGenerator ignored = target.generator()) {
                Tracked.run(target, "warmup-" + path, rate, Duration.ofSeconds(8), config.drainTimeout(),
                        OutcomeListener.NONE, null);
            }
            table(path).truncate();
        }
    }

    private Results.Ladder ladder(String path, List<Double> rates) {
        log("Rate ladder: " + path);
        Tracked.Target target = target(path);
        HistoryTable table = table(path);
        List<StepResult> steps = new ArrayList<>();
        List<java.util.UUID> acked = new ArrayList<>();
        long unknown = 0;
        double sustained = 0;
        for (double rate : rates) {
            Tracked.Run run = Tracked.run(target, path + "@" + Math.round(rate), rate,
                    config.stepDuration(), Duration.ZERO, OutcomeListener.NONE, null);
            steps.add(run.step());
            acked.addAll(run.acked());
            unknown += run.unacknowledged();
            if (!run.step().sustained(config.p99BoundMs())) {
                break;
            }
            sustained = rate;
            Sleeps.millis(2000);
        }
        target.generator().close();
        Tracked.awaitDrained(table, target.riderPrefix(), acked.size(), config.drainTimeout(), System.nanoTime());
        HistoryTable.CountCheck check = table.check(target.riderPrefix(), acked, unknown, config.drainTimeout());
        log(path + ": sustained " + sustained + "/s, " + check);
        table.truncate();
        return new Results.Ladder(path, steps, sustained, check);
    }

    private Results.Cost cost(String path, double rate) {
        log("Database cost: " + path + " at " + rate + "/s");
        HistoryTable table = table(path);
        Sleeps.millis(3000); // let the previous scenario's checkpoint/autovacuum noise settle
        double cpuBefore = postgres.cpuSeconds();
        long walBefore = postgres.walPosition();
        long start = System.nanoTime();
        Tracked.Target target = target(path);
        Tracked.Run run = Tracked.run(target, "cost-" + path, rate, config.costDuration(), config.drainTimeout(),
                OutcomeListener.NONE, null);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = postgres.cpuSeconds() - cpuBefore;
        long wal = postgres.walPosition() - walBefore;
        target.generator().close();
        HistoryTable.CountCheck check = table.check(target.riderPrefix(), run.acked(), run.unacknowledged(),
                config.drainTimeout());
        long stored = check.rows();
        table.truncate();
        double perMillion = stored == 0 ? 0 : 1_000_000.0 / stored;
        log(String.format("%s: %d rows, %.2f CPU s, %d WAL bytes", path, stored, cpu, wal));
        return new Results.Cost(path, rate, stored, seconds, cpu, wal, cpu * perMillion, wal * perMillion,
                run.step(), check);
    }

    /** Scenario 4: trip-service and Kafka Connect + Debezium JDBC sink draining the same pre-loaded backlog. */
    private List<Results.Drain> drain(int updates) {
        String prefix = "s" + scenarioSequence.incrementAndGet() + "-drain-";
        DrainScenario scenario = new DrainScenario(postgres, stack.bootstrapServers(), stack.options().topic(),
                stack.instance(ServiceKind.TRIP, 0), tripTable, sinkTable, connectLib,
                config.projectRoot().resolve("infra/benchmark/target/run/connect"), config.drainTimeout(), this::log);
        try {
            return scenario.run(updates, prefix, config.quick() ? List.of(1) : List.of(1, 2));
        }
        catch (RuntimeException ex) {
            log("Drain scenario failed: " + ex.getMessage());
            notes.add("Drain scenario (Kafka Connect + Debezium JDBC sink) failed: " + ex.getMessage());
            // a failed row, so the run's count checks fail instead of passing over a scenario that never finished
            return List.of(new Results.Drain("connect-sink", "failed", 0, 0, -1, -1, 0, 0, 0, 0, 0,
                    new HistoryTable.CountCheck(0, 0, 0, 0, 0)));
        }
    }

    private Results.Burst burst(String path, double rate) {
        log("Burst: " + path + " at " + rate + "/s for " + config.burstDuration().toSeconds() + " s");
        HistoryTable table = table(path);
        Tracked.Target target = target(path);
        Tracked.Run run = Tracked.run(target, "burst-" + path, rate, config.burstDuration(), config.drainTimeout(),
                OutcomeListener.NONE, null);
        target.generator().close();
        HistoryTable.CountCheck check = table.check(target.riderPrefix(), run.acked(), run.unacknowledged(),
                config.drainTimeout());
        table.truncate();
        log(path + ": drained " + run.drainSeconds() + " s after the burst, " + check);
        return new Results.Burst(path, run.step(), run.drainSeconds(), run.lag(), check);
    }

    private Results.Outage outage(String path, double rate) {
        Duration total = config.outageLead().plus(config.outageLength()).plus(config.outageTail());
        log("Database outage: " + path + " at " + rate + "/s, PostgreSQL down from " + config.outageLead().toSeconds()
                + " s for " + config.outageLength().toSeconds() + " s");
        HistoryTable table = table(path);
        double[] window = new double[2];
        long stepStart = System.nanoTime();
        Runnable outage = () -> {
            Sleeps.millis(config.outageLead().toMillis());
            window[0] = (System.nanoTime() - stepStart) / 1e9;
            postgres.stop();
            Sleeps.millis(config.outageLength().toMillis());
            postgres.start();
            window[1] = (System.nanoTime() - stepStart) / 1e9;
        };
        Tracked.Target target = target(path);
        Tracked.Run run = Tracked.run(target, "outage-" + path, rate, total, config.drainTimeout(),
                OutcomeListener.NONE, outage);
        target.generator().close();
        HistoryTable.CountCheck check = table.check(target.riderPrefix(), run.acked(), run.unacknowledged(),
                config.drainTimeout());
        table.truncate();
        log(path + ": " + run.step().errors() + ", drained " + run.drainSeconds() + " s after the load, " + check);
        return new Results.Outage(path, window[0], window[1], run.step(), run.drainSeconds(), run.lag(), check);
    }

    /**
     * Samples a few acknowledged updates per second and polls trip-service's track API until each is returned: the
     * time from the 202 until a reader can see the update.
     */
    private Results.Freshness freshness(double rate) {
        log("Freshness: " + KAFKA_SINGLE + " at " + rate + "/s");
        String tripUrl = stack.url(ServiceKind.TRIP);
        HttpClient http = HttpClient.newHttpClient();
        Histogram histogram = new Histogram(3_600_000_000L, 3);
        AtomicLong counter = new AtomicLong();
        LongAdder timedOut = new LongAdder();
        long every = Math.max(1, Math.round(rate / 5));
        List<Thread> checkers = java.util.Collections.synchronizedList(new ArrayList<>());
        OutcomeListener sampler = (updates, outcome, status, latency) -> {
            if (outcome != Outcome.ACKED || counter.incrementAndGet() % every != 0) {
                return;
            }
            long acked = System.nanoTime();
            var update = updates.get(0);
            URI uri = URI.create(tripUrl + "/api/v1/riders/" + update.riderId() + "/track?from="
                    + update.recordedAt().minusSeconds(1) + "&to=" + update.recordedAt().plusSeconds(1));
            checkers.add(Thread.ofVirtual().start(() -> {
                long deadline = acked + Duration.ofSeconds(60).toNanos();
                while (System.nanoTime() < deadline) {
                    try {
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                            .header("Authorization", DemoTokenClient.bearer(operatorTokens.operatorToken()))
                            .build(), HttpResponse.BodyHandlers.ofString());
                        if (response.body().contains(update.eventId().toString())) {
                            synchronized (histogram) {
                                histogram.recordValue(Math.max(1, (System.nanoTime() - acked) / 1000));
                            }
                            return;
                        }
                    }
                    catch (IOException ex) {
                        // trip-service busy; poll again
                    }
                    catch (InterruptedException ex) {
                        return;
                    }
                    Sleeps.millis(20);
                }
                timedOut.increment();
            }));
        };
        Tracked.Target target = target(KAFKA_SINGLE);
        Tracked.Run run = Tracked.run(target, "freshness", rate, config.freshnessDuration(), config.drainTimeout(),
                sampler, null);
        target.generator().close();
        for (Thread checker : List.copyOf(checkers)) {
            try {
                checker.join(Duration.ofSeconds(61));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        HistoryTable.CountCheck check = tripTable.check(target.riderPrefix(), run.acked(), run.unacknowledged(),
                config.drainTimeout());
        tripTable.truncate();
        log(String.format("freshness p50 %.1f ms p99 %.1f ms over %d samples, %s",
                histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
                histogram.getTotalCount(), check));
        return new Results.Freshness(KAFKA_SINGLE, rate, histogram.getTotalCount(), timedOut.sum(),
                histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
                histogram.getMaxValue() / 1000.0, run.step(), check);
    }

    // ---------------------------------------------------------------- environment

    private void sampleLoadAverage() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
                loadAverage.add(new double[] { Math.round((System.nanoTime() - runStart) / 1e8) / 10.0,
                        Double.parseDouble(fields[0]), Double.parseDouble(fields[1]) });
                Thread.sleep(5000);
            }
            catch (IOException | RuntimeException ex) {
                return;
            }
            catch (InterruptedException ex) {
                return;
            }
        }
    }

    private Map<String, String> machine() {
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("cpu", cpuModel());
        machine.put("availableProcessors", Integer.toString(Runtime.getRuntime().availableProcessors()));
        machine.put("memory", memTotal());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("java", Runtime.version().toString() + " (" + System.getProperty("java.vendor") + ")");
        machine.put("postgresql", postgres.version() + " (" + postgres.description() + ", fsync="
                + postgres.setting("fsync") + ", synchronous_commit=" + postgres.setting("synchronous_commit")
                + ", shared_buffers=" + postgres.setting("shared_buffers") + ")");
        machine.put("kafka", org.apache.kafka.common.utils.AppInfoParser.getVersion()
                + " (KRaft, single broker process, 6 partitions)");
        machine.put("springBoot", springBootVersion());
        return machine;
    }

    private Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("stepSeconds", config.stepDuration().toSeconds());
        settings.put("p99BoundMs", config.p99BoundMs());
        settings.put("burstFactor", config.burstFactor());
        settings.put("burstSeconds", config.burstDuration().toSeconds());
        settings.put("outageSeconds", config.outageLength().toSeconds());
        settings.put("costSeconds", config.costDuration().toSeconds());
        settings.put("singleConnections", LoadSettings.single(URI.create("http://x")).connections());
        settings.put("batchConnections", LoadSettings.batch(URI.create("http://x"), 100).connections());
        settings.put("batchSize", 100);
        settings.put("riders", RIDERS + " per path and scenario; a batch holds one rider's updates");
        settings.put("tokens", "bearer JWT per rider from ingest's demo issuer, fetched before each scenario; "
                + "rate limits raised out of reach");
        settings.put("drainUpdates", config.drainUpdates());
        return settings;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo"))
                .stream()
                .filter(l -> l.startsWith("model name"))
                .findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).trim())
                .orElse("unknown");
        }
        catch (IOException ex) {
            return "unknown";
        }
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo"))
                .stream()
                .filter(l -> l.startsWith("MemTotal"))
                .findFirst()
                .map(l -> Math.round(Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0) + " GiB")
                .orElse("unknown");
        }
        catch (IOException ex) {
            return "unknown";
        }
    }

    private String springBootVersion() {
        return ServiceKind.TRIP.findJar(config.projectRoot()).map(jar -> {
            try (var file = new java.util.jar.JarFile(jar.toFile())) {
                return file.getManifest().getMainAttributes().getValue("Spring-Boot-Version");
            }
            catch (IOException ex) {
                return "unknown";
            }
        }).orElse("unknown");
    }

    void log(String message) {
        System.err.printf("[benchmark %5.0fs] %s%n", (System.nanoTime() - runStart) / 1e9, message);
    }
}
