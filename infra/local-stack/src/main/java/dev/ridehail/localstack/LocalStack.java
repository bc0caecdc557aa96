package dev.ridehail.localstack;

import dev.ridehail.kafkabroker.KafkaBrokerProcess;
import dev.ridehail.kafkabroker.KafkaCluster;
import dev.ridehail.processes.Ports;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The whole system without Docker, in the topology compose runs: one KRaft broker process (or a cluster of three,
 * {@link LocalStackOptions#withKafkaBrokers}), the service databases on a PostgreSQL server, the topic and its
 * dead-letter topic, and every service instance as its own JVM with the same environment variables compose sets. The
 * launcher ({@link LocalStackMain}), the end-to-end test, the benchmark and the fault suite all drive the system
 * through this class.
 *
 * <p>Every API needs a bearer token: the first ingest instance hosts the demo issuer ({@link #demoIssuer()}, tokens
 * from {@code POST <issuer>/token}); every ingest instance signs with the one key file in the run directory and
 * names that issuer, and trip-service and rider-service fetch its key set from {@code <issuer>/jwks}.
 *
 * <pre>{@code
 * try (LocalStack stack = LocalStack.start(LocalStackOptions.defaults(root).withFreePorts())) {
 *     ServiceProcess trip = stack.instance(ServiceKind.TRIP, 0);
 *     trip.kill();                          // a consumer dies
 *     stack.addInstance(ServiceKind.TRIP);  // another one joins
 *     stack.broker().pause();               // the broker freezes
 *     stack.kafka().node(2).kill();         // with three brokers: one of them dies
 * }
 * }</pre>
 */
public final class LocalStack implements AutoCloseable {

    private final LocalStackOptions options;

    private final KafkaCluster kafka;

    private final PostgresDatabases databases;

    private final List<ServiceProcess> services = new CopyOnWriteArrayList<>();

    private final Thread shutdownHook;

    /** The first ingest instance's port, fixed before anything starts: the consumers' key set lives there. */
    private final int issuerPort;

    private volatile boolean stopped;

    private LocalStack(LocalStackOptions options, KafkaCluster kafka, PostgresDatabases databases) {
        this.options = options;
        this.kafka = kafka;
        this.databases = databases;
        int ingestBase = options.ports().getOrDefault(ServiceKind.INGEST, ServiceKind.INGEST.defaultPort());
        this.issuerPort = ingestBase == 0 ? Ports.free() : ingestBase;
        this.shutdownHook = new Thread(this::stopQuietly, "local-stack-stop");
    }

    /** Starts everything and returns once every service instance is healthy; stops what it started on failure. */
    public static LocalStack start(LocalStackOptions options) {
        try {
            Files.createDirectories(options.runDirectory());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        Map<ServiceKind, Path> jars = new LinkedHashMap<>();
        for (ServiceKind kind : ServiceKind.values()) {
            if (options.instances().getOrDefault(kind, 0) > 0) {
                jars.put(kind, snapshot(options, kind));
            }
        }
        PostgresDatabases databases = new PostgresDatabases(options.postgresUrl(), options.dbUsername(),
                options.dbPassword());
        databases.createMissing(databaseNames(options));

        KafkaCluster kafka = kafkaCluster(options);
        LocalStack stack = new LocalStack(options, kafka, databases);
        Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
        try {
            kafka.start();
            for (ServiceKind kind : jars.keySet()) {
                for (int i = 0; i < options.instances().get(kind); i++) {
                    stack.services.add(stack.newInstance(kind, jars.get(kind)).start());
                }
            }
            for (ServiceProcess service : stack.services) {
                service.awaitHealthy(options.startTimeout());
            }
            stack.writePidsFile();
            return stack;
        }
        catch (RuntimeException ex) {
            stack.stop();
            throw ex;
        }
    }

    /** The brokers the stack runs (not started): stopped by the stack's own hook, services first. */
    static KafkaCluster kafkaCluster(LocalStackOptions options) {
        return KafkaCluster
            .of(options.kafkaBrokers(), options.kafkaPort(), options.effectiveKafkaDataDirectory(),
                    options.partitions(), options.runDirectory())
            .withoutShutdownHook();
    }

    /** Starts one more instance of a service (next instance number and port) and waits until it is healthy. */
    public ServiceProcess addInstance(ServiceKind kind) {
        Path jar = snapshot(options, kind);
        ServiceProcess service = newInstance(kind, jar);
        services.add(service);
        service.start().awaitHealthy(options.startTimeout());
        writePidsFile();
        return service;
    }

    /** The broker; with three, the first node (its node id 1), and {@link #kafka()} has them all. */
    public KafkaBrokerProcess broker() {
        return kafka.node(0);
    }

    public KafkaCluster kafka() {
        return kafka;
    }

    /** Every broker's address, comma-separated: what the services get as {@code KAFKA_BOOTSTRAP_SERVERS}. */
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public List<ServiceProcess> services() {
        return List.copyOf(services);
    }

    public List<ServiceProcess> instances(ServiceKind kind) {
        return services.stream().filter(s -> s.kind() == kind).toList();
    }

    /** The {@code index}-th (0-based) instance of a service, in start order. */
    public ServiceProcess instance(ServiceKind kind, int index) {
        return instances(kind).get(index);
    }

    /** Base URL of the first running instance of a service. */
    public String url(ServiceKind kind) {
        return instances(kind).stream()
            .filter(ServiceProcess::isAlive)
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("No running instance of " + kind.module()))
            .baseUrl();
    }

    /**
     * The demo issuer's {@code iss}, {@code http://localhost:<first ingest port>/demo}: tokens from
     * {@code POST <issuer>/token}, its key set at {@code <issuer>/jwks}
     * ({@code new DemoTokenClient(stack.demoIssuer())}).
     */
    public URI demoIssuer() {
        return demoIssuerAt(issuerPort);
    }

    static URI demoIssuerAt(int ingestPort) {
        return URI.create("http://localhost:" + ingestPort + "/demo");
    }

    public String databaseUrl(ServiceKind kind) {
        return options.databaseUrl(kind);
    }

    public LocalStackOptions options() {
        return options;
    }

    public Path runDirectory() {
        return options.runDirectory();
    }

    /** Services first (so consumers leave their groups while the brokers are up), then the brokers. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        services.parallelStream().forEach(ServiceProcess::stop);
        kafka.stop();
        deleteJarSnapshots();
        if (options.dropDatabasesOnStop()) {
            databases.drop(databaseNames(options));
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        }
        catch (IllegalStateException alreadyShuttingDown) {
            // called from the hook itself
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** What a person needs to use the running stack. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        for (KafkaBrokerProcess node : kafka.nodes()) {
            String name = kafka.size() == 1 ? "kafka" : "kafka node " + node.settings().nodeId();
            text.append(String.format("  %-28s %s (pid %d, log %s)%n", name, node.bootstrapServers(), node.pid(),
                    node.logFile()));
        }
        text.append(String.format("  %-28s %s -> %s, %s%n", "postgres", options.postgresUrl(),
                databaseNames(options), "user " + options.dbUsername()));
        text.append(String.format("  %-28s %s (%s)%n", "topic", options.topic(), options.topic() + ".DLT"));
        for (ServiceProcess service : services) {
            String management = service.environment().containsKey("MANAGEMENT_PORT")
                    ? ", actuator on port " + service.environment().get("MANAGEMENT_PORT") : "";
            text.append(String.format("  %-28s %s (pid %d, log %s%s)%n", service.name(), service.baseUrl(),
                    service.pid(), service.logFile(), management));
        }
        if (!instances(ServiceKind.INGEST).isEmpty()) {
            text.append(String.format("  %-28s %s (POST %s/token)%n", "demo issuer", demoIssuer(), demoIssuer()));
        }
        return text.toString();
    }

    private ServiceProcess newInstance(ServiceKind kind, Path jar) {
        int index = instances(kind).size();
        int base = options.ports().getOrDefault(kind, kind.defaultPort());
        int port = kind == ServiceKind.INGEST && index == 0 ? issuerPort : base == 0 ? Ports.free() : base + 100 * index;
        Map<String, String> env = serviceEnvironment(options, kind, index, port, bootstrapServers(), demoIssuer());
        Path log = options.runDirectory().resolve(kind.module() + "-" + (index + 1) + ".log");
        return new ServiceProcess(kind, index + 1, port, jar, env, options.serviceJvmOptions(), log);
    }

    /**
     * The environment of instance {@code index} (0-based) of a service: the variables docker-compose.yml sets, with
     * local values. Ingest hosts the demo issuer; the consumers trust it through its key set.
     */
    static Map<String, String> serviceEnvironment(LocalStackOptions options, ServiceKind kind, int index, int port,
            String bootstrapServers, URI demoIssuer) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SERVER_PORT", Integer.toString(port));
        Integer management = options.managementPorts().get(kind);
        if (management != null && management > 0) {
            env.put("MANAGEMENT_PORT", Integer.toString(management + 100 * index));
        }
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("TOPIC_NAME", options.topic());
        env.put("TOPIC_PARTITIONS", Integer.toString(options.partitions()));
        if (kind.defaultDatabase().isPresent()) {
            env.put("DB_URL", options.databaseUrl(kind));
            env.put("DB_USERNAME", options.dbUsername());
            env.put("DB_PASSWORD", options.dbPassword());
        }
        if (kind.consumer()) {
            env.put("WALKTHROUGH_LOG_LEVEL", options.walkthroughLogging() ? "DEBUG" : "INFO");
            env.put("JWT_JWK_SET_URI", demoIssuer + "/jwks");
            env.put("JWT_ISSUER", demoIssuer.toString());
        }
        else {
            // Every instance names the same issuer and shares the key, so a token from any of them is good everywhere.
            env.put("DEMO_ISSUER_ENABLED", "true");
            env.put("DEMO_ISSUER", demoIssuer.toString());
            env.put("DEMO_ISSUER_KEY_FILE", options.demoIssuerKeyFile().toString());
        }
        env.putAll(options.extraEnvironment());
        return env;
    }

    /** Partition count of the topic as the broker has it (the topic may predate this run). */
    public int topicPartitions() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            TopicDescription description = admin.describeTopics(List.of(options.topic()))
                .allTopicNames()
                .get(30, TimeUnit.SECONDS)
                .get(options.topic());
            return description.partitions().size();
        }
        catch (Exception ex) {
            throw new IllegalStateException("Cannot describe topic " + options.topic(), ex);
        }
    }

    private void writePidsFile() {
        List<String> lines = new ArrayList<>();
        for (KafkaBrokerProcess node : kafka.nodes()) {
            lines.add((kafka.size() == 1 ? "kafka-broker" : "kafka-broker-" + node.settings().nodeId()) + " "
                    + (node.isAlive() ? node.pid() : -1));
        }
        services.forEach(s -> lines.add(s.name() + " " + (s.isAlive() ? s.pid() : -1) + " " + s.baseUrl()));
        try {
            Files.write(options.runDirectory().resolve("pids"), lines);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private void stopQuietly() {
        try {
            stop();
        }
        catch (RuntimeException ex) {
            System.err.println("local stack: error while stopping: " + ex.getMessage());
        }
    }

    /**
     * Copies the module's jar into the run directory once and runs the copy: a rebuild of the module (which rewrites
     * {@code target/*.jar} in place) would otherwise break the running instances' class loading.
     */
    private static Path snapshot(LocalStackOptions options, ServiceKind kind) {
        Path copy = options.runDirectory().resolve("jars").resolve(kind.module() + ".jar");
        if (Files.exists(copy)) {
            return copy;
        }
        Path jar = kind.findJar(options.projectRoot())
            .orElseThrow(() -> new IllegalStateException("No jar for " + kind.module() + " under "
                    + options.projectRoot().resolve(kind.module()).resolve("target")
                    + ": build it first with ./mvnw -B -q -DskipTests package"));
        try {
            Files.createDirectories(copy.getParent());
            Files.copy(jar, copy);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot copy " + jar + " to " + copy, ex);
        }
        return copy;
    }

    /** The copied jars are ~230 MB per run; the logs stay. */
    private void deleteJarSnapshots() {
        Path jars = options.runDirectory().resolve("jars");
        if (!Files.isDirectory(jars)) {
            return;
        }
        try (var files = Files.list(jars)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(jars);
        }
        catch (IOException ex) {
            System.err.println("local stack: could not delete " + jars + ": " + ex.getMessage());
        }
    }

    static Collection<String> databaseNames(LocalStackOptions options) {
        return options.databases()
            .entrySet()
            .stream()
            .filter(e -> options.instances().getOrDefault(e.getKey(), 0) > 0)
            .map(Map.Entry::getValue)
            .sorted()
            .collect(Collectors.toCollection(ArrayList::new));
    }
}
