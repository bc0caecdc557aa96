package dev.ridehail.faults.scenarios;

import dev.ridehail.contract.tokens.DemoTokenClient;
import dev.ridehail.faults.oracle.ConsumerLag;
import dev.ridehail.faults.oracle.DeadLetters;
import dev.ridehail.faults.oracle.Oracle;
import dev.ridehail.faults.postgres.DedicatedPostgres;
import dev.ridehail.faults.postgres.TcpProxy;
import dev.ridehail.localstack.LocalStack;
import dev.ridehail.localstack.LocalStackOptions;
import dev.ridehail.localstack.ServiceKind;
import dev.ridehail.localstack.ServiceProcess;
import dev.ridehail.processes.PostgresCluster;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The system under test, started once for the whole suite with the local stack: a dedicated PostgreSQL cluster
 * (behind a TCP proxy on the services' JDBC path), a KRaft broker process, ingest, trip-service and rider-service as
 * separate JVMs. The suite talks to the databases directly, never through the proxy.
 */
final class FaultStack implements AutoCloseable {

    static final String TOPIC = LocalStackOptions.DEFAULT_TOPIC;

    static final String DEAD_LETTER_TOPIC = TOPIC + ".DLT";

    static final String TRIP_GROUP = "trip-service";

    static final String RIDER_GROUP = "rider-service";

    /**
     * Rate limits far above anything the suite sends: at most 4,000 updates/s in all (full size) over a few hundred
     * riders, each batch of scenario 9 twice, and one operator polling assignments every 250 ms. The suite tests what
     * faults do to acknowledged updates; a 429 would be one more refusal whose count depends on bucket timing, and
     * the limits themselves are tested in api-security and ingest. 1,000,000 per second is never reached.
     */
    static final String UNREACHED_RATE_LIMIT = "1000000";

    /**
     * Service settings for fault testing. A killed or frozen consumer is noticed after the session timeout; the
     * broker's KIP-848 protocol has a 45 s minimum that only a broker setting can lower, so both consumers use the
     * classic protocol here with a 10 s session timeout. Ingest's Kafka health component is bounded to 500 ms, so a
     * health answer that includes it stays within 1 s while the broker is frozen (see docs/faults.md). The rate
     * limits: see {@link #UNREACHED_RATE_LIMIT}.
     */
    static final Map<String, String> SERVICE_ENVIRONMENT = Map.of("KAFKA_GROUP_PROTOCOL", "classic",
            "INGEST_HEALTH_TIMEOUT", "500ms",
            "INGEST_RATE_LIMIT_BURST", UNREACHED_RATE_LIMIT, "INGEST_RATE_LIMIT_PER_SECOND", UNREACHED_RATE_LIMIT,
            "READ_RATE_LIMIT_BURST", UNREACHED_RATE_LIMIT, "READ_RATE_LIMIT_PER_SECOND", UNREACHED_RATE_LIMIT,
            "SPRING_APPLICATION_JSON", """
                    {"spring.kafka.consumer.properties.session.timeout.ms":"10000",
                     "spring.kafka.consumer.properties.heartbeat.interval.ms":"2000"}""");

    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);

    /** What a consumer logs when the topic it stored offsets for was replaced by a new one (another topic id). */
    static final String TOPIC_RECREATED_LOG = " was recreated: stored offsets ";

    final PostgresCluster postgres;

    final TcpProxy proxy;

    final LocalStack stack;

    final ConsumerLag tripLag;

    final ConsumerLag riderLag;

    final Oracle tripOracle;

    /** Operator and rider tokens from the demo issuer ingest hosts, an hour each (the most it grants). */
    final DemoTokenClient tokens;

    final Http http;

    private FaultStack(PostgresCluster postgres, TcpProxy proxy, LocalStack stack) {
        this.postgres = postgres;
        this.proxy = proxy;
        this.stack = stack;
        this.tokens = new DemoTokenClient(stack.demoIssuer(), Duration.ofHours(1), Clock.systemUTC());
        this.http = new Http(tokens);
        this.tripLag = new ConsumerLag(stack.bootstrapServers(), () -> connect("trip"), TRIP_GROUP, TOPIC);
        this.riderLag = new ConsumerLag(stack.bootstrapServers(), () -> connect("rider"), RIDER_GROUP, TOPIC);
        this.tripOracle = new Oracle(() -> connect("trip"), "location_history");
    }

    static FaultStack start(SuiteSettings settings, Path runDirectory) {
        PostgresCluster postgres = DedicatedPostgres.createAndStart();
        TcpProxy proxy = TcpProxy.start("127.0.0.1", postgres.port());
        try {
            LocalStackOptions options = LocalStackOptions.defaults(settings.projectRoot())
                .withFreePorts()
                .withRunDirectory(runDirectory)
                .withKafka(runDirectory.resolve("kafka-data"), 0, 6)
                .withPostgres("jdbc:postgresql://127.0.0.1:" + proxy.port(), postgres.username(), "")
                .withEnvironment(SERVICE_ENVIRONMENT)
                .withInstances(ServiceKind.TRIP, 2)
                .withServiceJvmOptions(List.of("-Xms64m", "-Xmx384m", "-XX:+ExitOnOutOfMemoryError",
                        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"))
                .withStartTimeout(Duration.ofMinutes(5));
            deleteRecursively(runDirectory);
            return new FaultStack(postgres, proxy, LocalStack.start(options));
        }
        catch (RuntimeException ex) {
            proxy.close();
            postgres.close();
            throw ex;
        }
    }

    Connection connect(String database) {
        try {
            return postgres.connect(database);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Cannot connect to " + database, ex);
        }
    }

    String ingestUrl() {
        return stack.url(ServiceKind.INGEST);
    }

    URI demoIssuer() {
        return stack.demoIssuer();
    }

    ServiceProcess ingest() {
        return stack.instance(ServiceKind.INGEST, 0);
    }

    List<ServiceProcess> liveTrips() {
        return stack.instances(ServiceKind.TRIP).stream().filter(ServiceProcess::isAlive).toList();
    }

    List<ServiceProcess> liveRiders() {
        return stack.instances(ServiceKind.RIDER).stream().filter(ServiceProcess::isAlive).toList();
    }

    Map<TopicPartition, Long> deadLetterEnds() {
        try (ConsumerLag dlt = new ConsumerLag(stack.bootstrapServers(), () -> connect("trip"), TRIP_GROUP,
                DEAD_LETTER_TOPIC)) {
            return dlt.offsets(OffsetSpec.latest());
        }
    }

    List<DeadLetters.DeadLetter> deadLettersSince(Map<TopicPartition, Long> before) {
        return DeadLetters.read(stack.bootstrapServers(), before, deadLetterEnds());
    }

    /** Both consumer groups caught up with the topic. */
    void awaitBothCaughtUp(Duration limit) {
        tripLag.awaitZero(limit);
        riderLag.awaitZero(limit);
    }

    /** Empties the history so the next scenario's oracle sees only its own rows (offsets stay: no replay). */
    void emptyHistory() {
        postgres.execute("trip", "TRUNCATE location_history");
    }

    /** Counts lines containing {@code text} in a service's log (rebalances, fenced commits, ...). */
    static long countInLog(ServiceProcess service, String text) {
        try (var lines = Files.lines(service.logFile(), StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.contains(text)).count();
        }
        catch (IOException | java.io.UncheckedIOException ex) {
            return -1;
        }
    }

    @Override
    public void close() {
        try {
            tripLag.close();
            riderLag.close();
            tokens.close();
            stack.close();
        }
        finally {
            proxy.close();
            postgres.close();
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
        catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }
}
