package dev.ridehail.trip.bench;

import dev.ridehail.offsets.ConsumerMetrics;
import dev.ridehail.testing.TestDatabase;
import dev.ridehail.testing.TestKafka;
import dev.ridehail.testing.TestPostgres;
import dev.ridehail.trip.TripApplication;
import dev.ridehail.trip.history.HistoryCopyRows;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.postgresql.PGConnection;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consumer alone: pre-load a topic with N updates for R riders, start trip-service on it, time until every update
 * is in location_history; once per write strategy, next to a raw COPY of the same rows into the same table. Also the
 * database CPU seconds per 100,000 rows, from /proc of the PostgreSQL backends serving the benchmark database.
 *
 * <p>Not part of the build: {@code trip-service/bench/run-consumer-benchmark.sh} runs it.
 */
@EnabledIfSystemProperty(named = "trip.benchmark", matches = "true")
class ConsumerBenchmark {

    private static final int UPDATES = Integer.getInteger("trip.benchmark.updates", 200_000);

    private static final int RIDERS = Integer.getInteger("trip.benchmark.riders", 10_000);

    private static final Path REPORT = Path.of(System.getProperty("trip.benchmark.report", "target/consumer-benchmark.md"));

    // consumer tuning under test; unset = the service's defaults from application.yml
    private static final String CONCURRENCY = System.getProperty("trip.benchmark.concurrency", "");

    private static final String MAX_POLL_RECORDS = System.getProperty("trip.benchmark.max-poll-records", "");

    // the yardstick: one row per transaction from many connections (it cites ~18,000 rows/s with 32)
    private static final int SINGLE_ROW_CONNECTIONS = Integer.getInteger("trip.benchmark.single-row-connections", 32);

    private static final int SINGLE_ROW_SECONDS = Integer.getInteger("trip.benchmark.single-row-seconds", 20);

    private static final List<String> PHASES = List.of("parse", "history-write", "trip-aggregates", "offsets",
            "transaction");

    private final List<String> phaseLines = new ArrayList<>();

    // half the riders are on a trip the service knows, so the aggregate upkeep is part of what is measured
    private final UUID[] tripOf = new UUID[RIDERS];

    private final Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3 * 3600);

    @Test
    void drainPreloadedTopic() throws Exception {
        for (int r = 0; r < RIDERS; r += 2) {
            tripOf[r] = UUID.randomUUID();
        }
        String topic = "bench-rider-updates-" + System.currentTimeMillis();
        long preloadStart = System.nanoTime();
        preload(topic);
        double preloadSeconds = (System.nanoTime() - preloadStart) / 1e9;
        System.out.printf("pre-loaded %,d updates in %.1f s%n", UPDATES, preloadSeconds);

        List<String> lines = new ArrayList<>();
        lines.add("| run | rows | seconds | rows/s | DB CPU s | DB CPU s per 100k rows | JVM CPU s per 100k rows | CPU stolen by the hypervisor | load avg (1 min) before → after |");
        lines.add("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        lines.add(singleRowTransactions());
        System.out.println(lines.getLast());
        lines.add(rawCopy("text", 1));
        System.out.println(lines.getLast());
        lines.add(rawCopy("binary", 1));
        System.out.println(lines.getLast());
        lines.add(rawCopy("binary", 2));
        System.out.println(lines.getLast());
        phaseLines.add("| run | polls | records per poll (mean) | first batch stored after (s) | rows/s from the first stored batch to the last | parse | history write | trip aggregates | offsets | transaction (incl. commit) |");
        phaseLines.add("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        // the order is a parameter: the first strategy runs on a colder JIT, so run it both ways
        for (String strategy : System.getProperty("trip.benchmark.strategies", "COPY,MULTI_ROW_INSERT").split(",")) {
            lines.add(consume(topic, strategy));
            System.out.println(lines.getLast());
        }
        String report = """
                ## trip-service consumer benchmark

                - updates: %,d for %,d riders (half of them on a known trip), topic with 6 partitions, pre-loaded in %.1f s
                - machine: %d CPUs, %s; Kafka broker in the same JVM as the service
                - consumer: listener concurrency %s, max.poll.records %s (blank = application.yml defaults)
                - end to end = from starting the listener containers until the stored offsets cover every record
                  (Kafka fetch, JSON parse and validation, bulk write, trip aggregates, offset commit, one transaction per poll)
                - DB CPU = utime+stime of the PostgreSQL backends serving the benchmark database; JVM CPU = the whole
                  benchmark JVM (service and the in-JVM broker), so it is an upper bound for the consumer
                - CPU stolen = the `steal` share of all CPU time in /proc/stat during the run: time the virtual machine
                  wanted to run but the hypervisor gave to someone else (a rate measured while it is high is low)
                - one row per transaction: %d connections, each INSERT ... ON CONFLICT DO NOTHING committed on its own,
                  for %d s (rows = what they stored in that time)

                %s

                Where the consumer's time went (seconds summed over all listener threads, from consumer_batch_phase_seconds):

                %s
                """.formatted(UPDATES, RIDERS, preloadSeconds, Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), CONCURRENCY, MAX_POLL_RECORDS,
                SINGLE_ROW_CONNECTIONS, SINGLE_ROW_SECONDS,
                String.join("\n", lines), String.join("\n", phaseLines));
        Files.createDirectories(REPORT.toAbsolutePath().getParent());
        Files.writeString(REPORT, report);
        System.out.println(report);
    }

    private String rawCopy(String format, int connections) throws Exception {
        try (TestDatabase db = TestPostgres.createDatabase("bench_copy_" + format + connections);
                ConfigurableApplicationContext app = start(db, "bench-unused-topic", "COPY")) {
            DataSource dataSource = app.getBean(DataSource.class);
            // each connection sends its own slice of the same rows
            List<byte[]> slices = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                long from = (long) UPDATES * i / connections;
                long to = (long) UPDATES * (i + 1) / connections;
                slices.add(format.equals("text") ? textRows(from, to) : binaryRows(from, to));
            }
            JdbcClient jdbc = app.getBean(JdbcClient.class);
            Measurement measurement = Measurement.start(jdbc, db.name());
            try (ExecutorService copiers = Executors.newFixedThreadPool(connections)) {
                List<Future<?>> copies = new ArrayList<>();
                for (byte[] slice : slices) {
                    copies.add(copiers.submit(() -> copyIn(dataSource, format, slice)));
                }
                for (Future<?> copy : copies) {
                    copy.get();
                }
            }
            Measured measured = measurement.stop(System.nanoTime());
            assertThat(count(app)).isEqualTo(UPDATES);
            String run = "raw " + format + " COPY into location_history (ceiling, " + connections + " connection"
                    + (connections == 1 ? "" : "s") + ", no Kafka)";
            return line(run, UPDATES, measured);
        }
    }

    private static Void copyIn(DataSource dataSource, String format, byte[] rows) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            // The service's connections carry the short query timeout; one COPY of the whole topic is no query.
            try (var statement = connection.createStatement()) {
                statement.execute("SET LOCAL statement_timeout = 0");
            }
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY location_history "
                    + "(event_id, rider_id, trip_id, lat, lon, speed_mps, heading_deg, accuracy_m, recorded_at, received_at) "
                    + "FROM STDIN (FORMAT " + format + ")", new ByteArrayInputStream(rows));
            connection.commit();
            return null;
        }
    }

    /**
     * What the database takes one row at a time: many connections, each committing every row on its own, for a fixed
     * time (at a few thousand rows/s the whole topic would take minutes).
     */
    private String singleRowTransactions() throws Exception {
        try (TestDatabase db = TestPostgres.createDatabase("bench_single_row");
                ConfigurableApplicationContext app = start(db, "bench-unused-topic", "COPY")) {
            JdbcClient jdbc = app.getBean(JdbcClient.class);
            AtomicLong next = new AtomicLong();
            // own connections, not the service's pool of 10
            List<Connection> connections = new ArrayList<>();
            for (int i = 0; i < SINGLE_ROW_CONNECTIONS; i++) {
                connections.add(DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password()));
            }
            Measurement measurement = Measurement.start(jdbc, db.name());
            long deadline = measurement.startNanos() + TimeUnit.SECONDS.toNanos(SINGLE_ROW_SECONDS);
            try (ExecutorService writers = Executors.newFixedThreadPool(SINGLE_ROW_CONNECTIONS)) {
                List<Future<?>> runs = new ArrayList<>();
                for (Connection connection : connections) {
                    runs.add(writers.submit(() -> insertOneByOne(connection, next, deadline)));
                }
                for (Future<?> run : runs) {
                    run.get();
                }
            }
            Measured measured = measurement.stop(System.nanoTime());
            for (Connection connection : connections) {
                connection.close();
            }
            long rows = count(app);
            return line("one row per transaction, " + SINGLE_ROW_CONNECTIONS + " connections (" + SINGLE_ROW_SECONDS
                    + " s)", rows, measured);
        }
    }

    private Void insertOneByOne(Connection connection, AtomicLong next, long deadline) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO location_history "
                + "(event_id, rider_id, trip_id, lat, lon, speed_mps, heading_deg, accuracy_m, recorded_at, received_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            while (System.nanoTime() - deadline < 0) {
                long n = next.getAndIncrement();
                int r = (int) (n % RIDERS);
                long k = n / RIDERS;
                Instant at = base.plusSeconds(5 * k);
                insert.setObject(1, eventId(n));
                insert.setString(2, rider(r));
                insert.setObject(3, tripOf[r]);
                insert.setDouble(4, 40 + r * 0.0001 + k * 0.0001);
                insert.setDouble(5, -3 + k * 0.0001);
                insert.setFloat(6, 8.5f);
                insert.setFloat(7, 45.0f);
                insert.setFloat(8, 5.0f);
                insert.setObject(9, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
                insert.setObject(10, OffsetDateTime.ofInstant(at.plusMillis(300), ZoneOffset.UTC));
                insert.executeUpdate();
            }
            return null;
        }
    }

    private String consume(String topic, String strategy) throws Exception {
        try (TestDatabase db = TestPostgres.createDatabase("bench_" + strategy.toLowerCase());
                ConfigurableApplicationContext app = start(db, topic, strategy)) {
            JdbcClient jdbc = app.getBean(JdbcClient.class);
            insertTrips(jdbc);
            Measurement measurement = Measurement.start(jdbc, db.name());
            app.getBean(KafkaListenerEndpointRegistry.class).start();
            long consumed = 0;
            long firstStoredAt = 0;
            long firstStoredRows = 0;
            while (consumed < UPDATES) {
                Thread.sleep(firstStoredAt == 0 ? 20 : 200);
                consumed = jdbc.sql("SELECT coalesce(sum(next_offset), 0) FROM kafka_consumer_offsets WHERE topic = ?")
                    .param(topic)
                    .query(Long.class)
                    .single();
                if (firstStoredAt == 0 && consumed > 0) {
                    firstStoredAt = System.nanoTime();
                    firstStoredRows = consumed;
                }
            }
            long end = System.nanoTime();
            Measured measured = measurement.stop(end);
            // joining the group, the first fetch and a cold JIT, apart from the rate once batches flow
            double firstBatchSeconds = (firstStoredAt - measurement.startNanos()) / 1e9;
            double steadyRate = (UPDATES - firstStoredRows) / ((end - firstStoredAt) / 1e9);
            assertThat(count(app)).isEqualTo(UPDATES);
            long tripPoints = jdbc.sql("SELECT sum(point_count) FROM trips").query(Long.class).single();
            assertThat(tripPoints).isEqualTo(UPDATES / 2);
            phaseLines.add(phases(strategy, app.getBean(MeterRegistry.class), firstBatchSeconds, steadyRate));
            System.out.println(phaseLines.getLast());
            return line("trip-service, " + strategy + " (end to end)", UPDATES, measured);
        }
    }

    private static String phases(String strategy, MeterRegistry meters, double firstBatchSeconds, double steadyRate) {
        DistributionSummary polls = meters.get(ConsumerMetrics.BATCH_RECORDS).summary();
        StringBuilder line = new StringBuilder("| %s | %,d | %,.0f | %.1f | %,.0f |".formatted(strategy, polls.count(),
                polls.mean(), firstBatchSeconds, steadyRate));
        for (String phase : PHASES) {
            Timer timer = meters.find(ConsumerMetrics.BATCH_PHASE).tag("phase", phase).timer();
            line.append(" %.1f |".formatted(timer == null ? 0 : timer.totalTime(TimeUnit.SECONDS)));
        }
        return line.toString();
    }

    private static String line(String run, long rows, Measured m) {
        double per100k = rows / 100_000.0;
        return "| %s | %,d | %.1f | %,.0f | %.1f | %.2f | %.2f | %.1f %% | %s → %s |".formatted(run, rows, m.seconds(),
                rows / m.seconds(), m.dbCpuSeconds(), m.dbCpuSeconds() / per100k, m.jvmCpuSeconds() / per100k,
                m.stealPercent(), m.loadBefore(), loadAverage());
    }

    /** A timed section's starting point: wall clock, the benchmark database's backends, this JVM, the machine. */
    private record Measurement(JdbcClient jdbc, String database, Cpu dbCpu, long jvmCpuAtStart, Steal steal,
            String loadBefore, long startNanos) {

        static Measurement start(JdbcClient jdbc, String database) {
            return new Measurement(jdbc, database, Cpu.of(jdbc, database), jvmCpuNanos(), Steal.now(), loadAverage(),
                    System.nanoTime());
        }

        Measured stop(long endNanos) {
            return new Measured((endNanos - startNanos) / 1e9, dbCpu.secondsSince(jdbc, database),
                    (jvmCpuNanos() - jvmCpuAtStart) / 1e9, steal.percentSince(), loadBefore);
        }
    }

    /** What a timed section took. */
    private record Measured(double seconds, double dbCpuSeconds, double jvmCpuSeconds, double stealPercent,
            String loadBefore) {
    }

    /** The machine-wide CPU counters of /proc/stat, to tell how much of the run the hypervisor took away. */
    private record Steal(long steal, long total) {

        static Steal now() {
            try {
                String[] fields = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
                long total = 0;
                // user nice system idle iowait irq softirq steal (guest time is already inside user)
                for (int i = 1; i <= 8 && i < fields.length; i++) {
                    total += Long.parseLong(fields[i]);
                }
                return new Steal(fields.length > 8 ? Long.parseLong(fields[8]) : 0, total);
            }
            catch (Exception unavailable) {
                return new Steal(0, 0);
            }
        }

        double percentSince() {
            Steal now = now();
            long total = now.total - this.total;
            return total <= 0 ? 0 : 100.0 * (now.steal - this.steal) / total;
        }
    }

    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        }
        catch (Exception unavailable) {
            return "?";
        }
    }

    private static long count(ConfigurableApplicationContext app) {
        return app.getBean(JdbcClient.class).sql("SELECT count(*) FROM location_history").query(Long.class).single();
    }

    private ConfigurableApplicationContext start(TestDatabase db, String topic, String strategy) {
        Map<String, Object> props = new HashMap<>();
        props.put("spring.datasource.url", db.jdbcUrl());
        props.put("spring.datasource.username", db.username());
        props.put("spring.datasource.password", db.password());
        props.put("spring.kafka.bootstrap-servers", TestKafka.bootstrapServers());
        props.put("spring.kafka.listener.auto-startup", "false");
        props.put("server.port", "0");
        props.put("ridehail.topic.name", topic);
        props.put("ridehail.topic.dead-letter-name", topic + ".DLT");
        props.put("ridehail.consumer.group", "bench-" + strategy.toLowerCase() + "-" + System.nanoTime());
        props.put("trip.history.write-strategy", strategy);
        if (!CONCURRENCY.isBlank()) {
            props.put("spring.kafka.listener.concurrency", CONCURRENCY);
        }
        if (!MAX_POLL_RECORDS.isBlank()) {
            props.put("spring.kafka.consumer.max-poll-records", MAX_POLL_RECORDS);
        }
        props.put("logging.level.root", "WARN");
        props.put("logging.level.org.apache.kafka", "ERROR");
        props.put("logging.level.kafka", "ERROR");
        // command-line arguments, so they win over application.yml and the environment
        String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(TripApplication.class).run(args);
    }

    private void insertTrips(JdbcClient jdbc) {
        for (int r = 0; r < RIDERS; r++) {
            if (tripOf[r] != null) {
                jdbc.sql("""
                        INSERT INTO trips (id, rider_id, status, pickup_lat, pickup_lon, dropoff_lat, dropoff_lon, requested_at, started_at)
                        VALUES (?, ?, 'STARTED', 0, 0, 0, 0, now(), now())
                        """).params(tripOf[r], rider(r)).update();
            }
        }
    }

    private static String rider(int r) {
        return "rider-" + r;
    }

    private UUID eventId(long n) {
        return new UUID(0x5eed_0000_0000_4000L | (n >>> 48), 0x8000_0000_0000_0000L | n);
    }

    // Update n belongs to rider n % RIDERS, its k-th point (k = n / RIDERS), 5 s apart, moving north-east.
    private String json(long n) {
        int r = (int) (n % RIDERS);
        long k = n / RIDERS;
        Instant at = base.plusSeconds(5 * k);
        UUID trip = tripOf[r];
        return "{\"schemaVersion\":1,\"eventId\":\"" + eventId(n) + "\",\"riderId\":\"" + rider(r) + "\",\"tripId\":"
                + (trip == null ? "null" : "\"" + trip + "\"") + ",\"lat\":" + (40 + r * 0.0001 + k * 0.0001) + ",\"lon\":"
                + (-3 + k * 0.0001) + ",\"speedMps\":8.5,\"headingDeg\":45.0,\"accuracyM\":5.0,\"recordedAt\":\"" + at
                + "\",\"receivedAt\":\"" + at.plusMillis(300) + "\"}";
    }

    private byte[] textRows(long from, long to) {
        StringBuilder out = new StringBuilder((int) (to - from) * 180);
        for (long n = from; n < to; n++) {
            int r = (int) (n % RIDERS);
            long k = n / RIDERS;
            Instant at = base.plusSeconds(5 * k);
            out.append(eventId(n)).append('\t').append(rider(r)).append('\t')
                .append(tripOf[r] == null ? "\\N" : tripOf[r].toString()).append('\t')
                .append(40 + r * 0.0001 + k * 0.0001).append('\t').append(-3 + k * 0.0001)
                .append("\t8.5\t45.0\t5.0\t").append(at).append('\t').append(at.plusMillis(300)).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] binaryRows(long from, long to) {
        return HistoryCopyRows.binary(from, to, n -> {
            int r = (int) (n % RIDERS);
            long k = n / RIDERS;
            Instant at = base.plusSeconds(5 * k);
            return new HistoryCopyRows.Row(eventId(n), rider(r), tripOf[r], 40 + r * 0.0001 + k * 0.0001,
                    -3 + k * 0.0001, 8.5, 45.0, 5.0, at, at.plusMillis(300));
        });
    }

    private void preload(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get();
        }
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
            for (long n = 0; n < UPDATES; n++) {
                producer.send(new ProducerRecord<>(topic, rider((int) (n % RIDERS)), json(n).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    /** CPU time of the PostgreSQL backends serving one database, from /proc/<pid>/stat (utime + stime). */
    private record Cpu(Map<Integer, Long> ticks) {

        static Cpu of(JdbcClient jdbc, String database) {
            return new Cpu(sample(jdbc, database));
        }

        double secondsSince(JdbcClient jdbc, String database) {
            Map<Integer, Long> now = sample(jdbc, database);
            long delta = 0;
            for (Map.Entry<Integer, Long> e : now.entrySet()) {
                delta += e.getValue() - ticks.getOrDefault(e.getKey(), 0L);
            }
            return delta / 100.0; // CLK_TCK
        }

        private static Map<Integer, Long> sample(JdbcClient jdbc, String database) {
            Map<Integer, Long> ticks = new HashMap<>();
            for (Integer pid : jdbc.sql("SELECT pid FROM pg_stat_activity WHERE datname = ?").param(database).query(Integer.class).list()) {
                try {
                    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // fields[11] and [12] are utime and stime (14th and 15th of the whole line)
                    ticks.put(pid, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                }
                catch (Exception gone) {
                    // a backend that ended between the query and the read
                }
            }
            return ticks;
        }
    }
}
