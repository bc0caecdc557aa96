package dev.ridehail.benchmark;

import dev.ridehail.connectsink.ConnectSinkProcess;
import dev.ridehail.connectsink.SinkSettings;
import dev.ridehail.localstack.ServiceProcess;
import dev.ridehail.processes.ProcessCpu;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Scenario 4, drain only: the topic is pre-loaded with N updates (1 % of them published twice, as a client retry
 * would), then trip-service drains them into its table, then Kafka Connect with the Debezium JDBC sink drains the same
 * records into the same table shape in another database, each alone. Reports rows/s and CPU per 100,000 rows.
 *
 * <p>trip-service is frozen (SIGSTOP) while the topic is loaded and thawed to start its drain; each Connect
 * configuration gets its own connector name (so its own consumer group, whose offsets are set to where the pre-load
 * starts) and starts PAUSED, then is resumed. The drain is timed from the thaw (trip-service) or from the moment every
 * resumed task is RUNNING (Connect, so its task start-up does not count) until the last row is stored.
 */
final class DrainScenario {

    private static final int RIDERS = 10_000;

    private static final int DUPLICATE_EVERY = 100;

    private static final int CONNECT_REST_PORT = 18383;

    private final PostgresServer postgres;

    private final String bootstrapServers;

    private final String topic;

    private final ServiceProcess trip;

    private final HistoryTable tripTable;

    private final HistoryTable sinkTable;

    private final Path connectLib;

    private final Path workDirectory;

    private final Duration timeout;

    private final Consumer<String> log;

    DrainScenario(PostgresServer postgres, String bootstrapServers, String topic, ServiceProcess trip,
            HistoryTable tripTable, HistoryTable sinkTable, Path connectLib, Path workDirectory, Duration timeout,
            Consumer<String> log) {
        this.postgres = postgres;
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.trip = trip;
        this.tripTable = tripTable;
        this.sinkTable = sinkTable;
        this.connectLib = connectLib;
        this.workDirectory = workDirectory;
        this.timeout = timeout;
        this.log = log;
    }

    /** @param taskCounts the Connect configurations to run, by {@code tasks.max} */
    List<Results.Drain> run(int updates, String riderPrefix, List<Integer> taskCounts) {
        List<Results.Drain> drains = new ArrayList<>();
        Map<TopicPartition, Long> start = endOffsets();
        trip.pause();
        List<UUID> eventIds;
        try {
            eventIds = preload(updates, riderPrefix);
        }
        catch (RuntimeException ex) {
            trip.resume();
            throw ex;
        }
        long records = eventIds.size() + eventIds.size() / DUPLICATE_EVERY;
        drains.add(measure("trip-service", "as configured in its application.yml", records, eventIds, riderPrefix,
                tripTable, trip.pid(), trip::resume));
        tripTable.truncate();
        for (int tasks : taskCounts) {
            SinkSettings settings = SinkSettings
                .tuned("bench-sink-" + tasks + "-tasks-" + System.currentTimeMillis(), bootstrapServers, topic,
                        postgres.url(sinkTable.database()), postgres.user(),
                        postgres.password(), CONNECT_REST_PORT)
                .withTasks(tasks);
            setGroupOffsets(settings.consumerGroup(), start);
            log.accept("Starting Kafka Connect (" + settings.describe() + ") ...");
            try (ConnectSinkProcess sink = ConnectSinkProcess.start(connectLib, workDirectory, settings, true)) {
                drains.add(measure("connect-sink", settings.describe(), records, eventIds, riderPrefix, sinkTable,
                        sink.pid(), sink::resume));
            }
            sinkTable.truncate();
        }
        return drains;
    }

    private Results.Drain measure(String path, String configuration, long records, List<UUID> eventIds,
            String riderPrefix, HistoryTable table, long pid, Runnable go) {
        log.accept("Drain: " + path + " (" + configuration + "), " + eventIds.size() + " distinct updates");
        double pgBefore = postgres.cpuSeconds();
        double processBefore = ProcessCpu.seconds(pid);
        go.run();
        // trip-service: right after the thaw; Connect: once resume() saw every task RUNNING (task start-up excluded,
        // the new group's first join included)
        long start = System.nanoTime();
        long firstRow = -1;
        long lastRow = -1;
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long rows = table.countOrMinusOne(riderPrefix);
            long now = System.nanoTime();
            if (rows > 0 && firstRow < 0) {
                firstRow = now;
            }
            if (rows >= eventIds.size()) {
                lastRow = now;
                break;
            }
            Sleeps.millis(100);
        }
        double pgCpu = postgres.cpuSeconds() - pgBefore;
        double processCpu = ProcessCpu.seconds(pid) - processBefore;
        double toFirstRow = firstRow < 0 ? -1 : (firstRow - start) / 1e9;
        double drainSeconds = lastRow < 0 ? -1 : Math.max(0.1, (lastRow - start) / 1e9);
        Sleeps.millis(2000); // a late duplicate would show up in the check
        // strict: every distinct update exactly once (the repeated records are not "maybe stored" extras)
        HistoryTable.CountCheck check = table.check(riderPrefix, eventIds, 0);
        double per100k = check.rows() == 0 ? 0 : 100_000.0 / check.rows();
        double rate = drainSeconds <= 0 ? 0 : check.rows() / drainSeconds;
        log.accept(String.format("%s: %.0f rows/s (%.1f s to the last row, %.1f s to the first), PostgreSQL %.2f CPU s "
                + "(%.2f per 100k rows), consumer process %.2f CPU s, %s", path, rate, drainSeconds, toFirstRow, pgCpu,
                pgCpu * per100k, processCpu, check));
        return new Results.Drain(path, configuration, records, eventIds.size(), toFirstRow, drainSeconds, rate, pgCpu,
                pgCpu * per100k, processCpu, processCpu * per100k, check);
    }

    /**
     * Publishes {@code updates} distinct updates of {@link #RIDERS} riders as location-ingest-service would (same JSON,
     * key = riderId), every 100th a second time with the same eventId. Returns the distinct eventIds.
     */
    private List<UUID> preload(int updates, String riderPrefix) {
        log.accept("Pre-loading " + updates + " updates (+" + updates / DUPLICATE_EVERY + " repeated) into " + topic);
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);
        UUID[] tripOf = new UUID[RIDERS];
        for (int r = 0; r < RIDERS; r += 3) {
            tripOf[r] = UUID.randomUUID();
        }
        List<UUID> eventIds = new ArrayList<>(updates);
        long started = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
            for (int n = 0; n < updates; n++) {
                int r = n % RIDERS;
                UUID eventId = UUID.randomUUID();
                eventIds.add(eventId);
                String rider = riderPrefix + r;
                // a rider's k-th point, 5 s after the previous one, microseconds as ingest's clock gives them
                Instant at = base.plusSeconds(5L * (n / RIDERS)).plusNanos((n % 1000) * 1000L);
                byte[] json = json(eventId, rider, tripOf[r], 38.70 + r * 1e-5, -9.14 + (n / RIDERS) * 1e-5, at);
                producer.send(new ProducerRecord<>(topic, rider, json));
                if (n % DUPLICATE_EVERY == 0) {
                    producer.send(new ProducerRecord<>(topic, rider, json));
                }
            }
            producer.flush();
        }
        log.accept(String.format("Pre-loaded in %.1f s", (System.nanoTime() - started) / 1e9));
        return eventIds;
    }

    private static byte[] json(UUID eventId, String rider, UUID tripId, double lat, double lon, Instant at) {
        return ("{\"schemaVersion\":1,\"eventId\":\"" + eventId + "\",\"riderId\":\"" + rider + "\",\"tripId\":"
                + (tripId == null ? "null" : "\"" + tripId + "\"") + ",\"lat\":" + lat + ",\"lon\":" + lon
                + ",\"speedMps\":8.5,\"headingDeg\":45.0,\"accuracyM\":5.0,\"recordedAt\":\"" + at
                + "\",\"receivedAt\":\"" + at.plusMillis(300) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private Map<TopicPartition, Long> endOffsets() {
        try (Admin admin = admin()) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                .get(topic)
                .partitions()
                .size();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listOffsets(request).all().get(30, TimeUnit.SECONDS)
                .forEach((partition, info) -> offsets.put(partition, info.offset()));
            return offsets;
        }
        catch (Exception ex) {
            throw new IllegalStateException("Cannot read the end offsets of " + topic, ex);
        }
    }

    /** The sink starts where the pre-load starts, not at the beginning of a topic that holds every earlier scenario. */
    private void setGroupOffsets(String group, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        offsets.forEach((partition, offset) -> commit.put(partition, new OffsetAndMetadata(offset)));
        try (Admin admin = admin()) {
            admin.alterConsumerGroupOffsets(group, commit).all().get(30, TimeUnit.SECONDS);
        }
        catch (Exception ex) {
            throw new IllegalStateException("Cannot set the offsets of group " + group, ex);
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }
}
