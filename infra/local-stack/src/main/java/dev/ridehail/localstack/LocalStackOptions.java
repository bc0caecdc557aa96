package dev.ridehail.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the local stack can be told. Start from {@link #defaults(Path)} and change what you need with the
 * {@code with*} methods. A port of 0 means "pick a free one" (tests); otherwise instance {@code i} (0-based) of a
 * service listens on {@code port + 100 * i}.
 *
 * @param projectRoot the repository root (holds {@code <module>/target/<module>-*.jar})
 * @param runDirectory where the logs, the pids file and (by default) the Kafka data go
 * @param kafkaDataDirectory the broker's data directory; reuse one to keep topics and records across runs
 * @param kafkaPort the (first) broker's client port (its controller port is the next one)
 * @param partitions partitions of the topic when the stack creates it
 * @param topic the location-update topic ({@code TOPIC_NAME}); its dead-letter topic is {@code <topic>.DLT}
 * @param postgresUrl JDBC URL of the PostgreSQL server, without a database
 * @param dbUsername {@code DB_USERNAME}
 * @param dbPassword {@code DB_PASSWORD}
 * @param databases database name per service kind that has one (created when missing)
 * @param ports base port per service kind
 * @param instances instance count per service kind
 * @param walkthroughLogging start consumers with logger {@code dev.ridehail.walkthrough} at DEBUG
 * @param dropDatabasesOnStop drop the service databases when the stack stops (tests)
 * @param serviceJvmOptions JVM options of every service process
 * @param extraEnvironment more environment variables for every service process
 * @param startTimeout how long each service may take to become healthy
 * @param managementPorts base actuator port ({@code MANAGEMENT_PORT}) per service kind; a kind without one serves
 *        the actuator on its service port
 * @param kafkaBrokers Kafka nodes, 1 or 3 ({@link dev.ridehail.kafkabroker.KafkaCluster}); with 3, node {@code i} (from
 *        1) listens on {@code kafkaPort + 100(i-1)} and keeps its data in {@code kafkaDataDirectory/node-i}
 */
public record LocalStackOptions(Path projectRoot, Path runDirectory, Path kafkaDataDirectory, int kafkaPort,
        int partitions, String topic, String postgresUrl, String dbUsername, String dbPassword,
        Map<ServiceKind, String> databases, Map<ServiceKind, Integer> ports, Map<ServiceKind, Integer> instances,
        boolean walkthroughLogging, boolean dropDatabasesOnStop, List<String> serviceJvmOptions,
        Map<String, String> extraEnvironment, Duration startTimeout, Map<ServiceKind, Integer> managementPorts,
        int kafkaBrokers) {

    public static final String DEFAULT_TOPIC = "rider-updates";

    public static final String DEFAULT_POSTGRES_URL = "jdbc:postgresql://localhost:5432";

    public LocalStackOptions {
        databases = Map.copyOf(databases);
        ports = Map.copyOf(ports);
        instances = Map.copyOf(instances);
        serviceJvmOptions = List.copyOf(serviceJvmOptions);
        extraEnvironment = Map.copyOf(extraEnvironment);
        managementPorts = Map.copyOf(managementPorts);
        if (kafkaBrokers != 1 && kafkaBrokers != 3) {
            throw new IllegalArgumentException("Kafka runs as 1 or 3 brokers, not " + kafkaBrokers);
        }
        projectRoot = projectRoot.toAbsolutePath().normalize();
        runDirectory = runDirectory.toAbsolutePath().normalize();
        if (postgresUrl.endsWith("/")) {
            postgresUrl = postgresUrl.substring(0, postgresUrl.length() - 1);
        }
    }

    public static LocalStackOptions defaults(Path projectRoot) {
        Map<ServiceKind, String> databases = new HashMap<>();
        Map<ServiceKind, Integer> ports = new HashMap<>();
        Map<ServiceKind, Integer> instances = new HashMap<>();
        for (ServiceKind kind : ServiceKind.values()) {
            kind.defaultDatabase().ifPresent(db -> databases.put(kind, db));
            ports.put(kind, kind.defaultPort());
            instances.put(kind, 1);
        }
        Path runDirectory = projectRoot.resolve("infra/local-stack/target/run");
        return new LocalStackOptions(projectRoot, runDirectory, null, 9092, 6, DEFAULT_TOPIC, DEFAULT_POSTGRES_URL,
                "postgres", "", databases, ports, instances, false, false,
                List.of("-Xms64m", "-Xmx512m", "-XX:+ExitOnOutOfMemoryError"), Map.of(), Duration.ofSeconds(180),
                Map.of(), 1);
    }

    public Path effectiveKafkaDataDirectory() {
        return kafkaDataDirectory != null ? kafkaDataDirectory : runDirectory.resolve("kafka-data");
    }

    public String databaseUrl(ServiceKind kind) {
        return postgresUrl + "/" + databases.get(kind);
    }

    public LocalStackOptions withRunDirectory(Path dir) {
        return new LocalStackOptions(projectRoot, dir, kafkaDataDirectory, kafkaPort, partitions, topic, postgresUrl,
                dbUsername, dbPassword, databases, ports, instances, walkthroughLogging, dropDatabasesOnStop,
                serviceJvmOptions, extraEnvironment, startTimeout, managementPorts, kafkaBrokers);
    }

    public LocalStackOptions withKafka(Path dataDirectory, int port, int topicPartitions) {
        return new LocalStackOptions(projectRoot, runDirectory, dataDirectory, port, topicPartitions, topic,
                postgresUrl, dbUsername, dbPassword, databases, ports, instances, walkthroughLogging,
                dropDatabasesOnStop, serviceJvmOptions, extraEnvironment, startTimeout, managementPorts, kafkaBrokers);
    }

    /** Kafka as a cluster of {@code brokers} nodes (1 or 3); the topics' replication follows (up to 3). */
    public LocalStackOptions withKafkaBrokers(int brokers) {
        return new LocalStackOptions(projectRoot, runDirectory, kafkaDataDirectory, kafkaPort, partitions, topic,
                postgresUrl, dbUsername, dbPassword, databases, ports, instances, walkthroughLogging,
                dropDatabasesOnStop, serviceJvmOptions, extraEnvironment, startTimeout, managementPorts, brokers);
    }

    public LocalStackOptions withTopic(String name) {
        return new LocalStackOptions(projectRoot, runDirectory, kafkaDataDirectory, kafkaPort, partitions, name,
                postgresUrl, dbUsername, dbPassword, databases, ports, instances, walkthroughLogging,
                dropDatabasesOnStop, serviceJvmOptions, extraEnvironment, startTimeout, managementPorts, kafkaBrokers);
    }

    public LocalStackOptions withPostgres(String url, String username, String password) {
        return new LocalStackOptions(projectRoot, runDirectory, kafkaDataDirectory, kafkaPort, partitions, topic, url,
                username, password, databases, ports, instances, walkthroughLogging, dropDatabasesOnStop,
                serviceJvmOptions, extraEnvironment, startTimeout, managementPorts, kafkaBrokers);
    }

    public LocalStackOptions withDatabase(ServiceKind kind, String name, boolean dropOnStop) {
        Map<ServiceKind, String> changed = new HashMap<>(databases);
        changed.put(kind, name);
        return new LocalStackOptions(projectRoot, runDirectory, kafkaDataDirectory, kafkaPort, partitions, topic,
                postgresUrl, dbUsername, dbPassword, changed, ports, instances, walkthroughLogging,
                dropDatabasesOnStop || dropOnStop, serviceJvmOptions, extraEnvironment, startTimeout, managementPorts,
                kafkaBrokers);
    }

    public LocalStackOptions withPort(ServiceKind kind, int port) {
        Map<ServiceKind, Integer> changed = new HashMap<>(ports);
        changed.put(kind, port);
        return new LocalStackOptions(projectRoot, runDirectory, kafkaDataDirectory, kafkaPort, partitions, topic,
                postgresUrl, dbUsername, dbPassword, databases, changed, instances, walkthroughLogging,
                dropDatabasesOnStop, serviceJvmOptions, extraEnvironment, startTimeout, managementPorts, kafkaBrokers);
    }

    /**
     * All services on free ports and the broker too (tests, and next to a stack already on the default ports); the
     * actuator moves back to the service ports, since fixed management ports would collide with that other stack.
     */
    public LocalStackOptions withFreePorts() {
        Map<ServiceKind, Integer> changed = new HashMap<>();
        for (ServiceKind kind : ServiceKind.values()) {
            changed.put(kind, 0);
        }
        return new LocalStackOptions(projectRoot, runDirectory, kafkaDataDirectory, 0, partitions, topic, postgresUrl,
                dbUsername, dbPassword, databases, changed, instances, walkthroughLogging, dropDatabasesOnStop,
                serviceJvmOptions, extraEnvironment, startTimeout, Map.of(), kafkaBrokers);
    }

    /** True when every service listens on its README port (8081, 8082, 8083 and +100 per further instance). */
    public boolean onDefaultPorts() {
        for (ServiceKind kind : ServiceKind.values()) {
            if (ports.getOrDefault(kind, kind.defaultPort()) != kind.defaultPort()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The actuator of every service on its own port, as compose runs it: 9081, 9082, 9083 (+100 per further
     * instance). There the Prometheus scrape is open, which is why only the default-port launcher uses it.
     */
    public LocalStackOptions withDefaultManagementPorts() {
        Map<ServiceKind, Integer> changed = new HashMap<>();
        for (ServiceKind kind : ServiceKind.values()) {
            changed.put(kind, kind.defaultManagementPort());
        }
        return new LocalStackOptions(projectRoot, runDirectory, kafkaDataDirectory, kafkaPort, partitions, topic,
                postgresUrl, dbUsername, dbPassword, databases, ports, instances, walkthroughLogging,
                dropDatabasesOnStop, serviceJvmOptions, extraEnvironment, startTimeout, changed, kafkaBrokers);
    }

    /**
     * The demo issuer's signing key, shared by every ingest instance and kept in the run directory: an ingest that
     * restarts (the fault suite kills it) signs with the same key, so the tokens clients hold stay valid. A test may
     * write its own RSA JWK there before the stack starts to mint tokens the services trust.
     */
    public Path demoIssuerKeyFile() {
        return runDirectory.resolve("demo-issuer-key.json");
    }

    public LocalStackOptions withInstances(ServiceKind kind, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("instance count must be >= 0");
        }
        Map<ServiceKind, Integer> changed = new HashMap<>(instances);
        changed.put(kind, count);
        return new LocalStackOptions(projectRoot, runDirectory, kafkaDataDirectory, kafkaPort, partitions, topic,
                postgresUrl, dbUsername, dbPassword, databases, ports, changed, walkthroughLogging,
                dropDatabasesOnStop, serviceJvmOptions, extraEnvironment, startTimeout, managementPorts, kafkaBrokers);
    }

    public LocalStackOptions withWalkthroughLogging(boolean enabled) {
        return new LocalStackOptions(projectRoot, runDirectory, kafkaDataDirectory, kafkaPort, partitions, topic,
                postgresUrl, dbUsername, dbPassword, databases, ports, instances, enabled, dropDatabasesOnStop,
                serviceJvmOptions, extraEnvironment, startTimeout, managementPorts, kafkaBrokers);
    }

    public LocalStackOptions withServiceJvmOptions(List<String> options) {
        return new LocalStackOptions(projectRoot, runDirectory, kafkaDataDirectory, kafkaPort, partitions, topic,
                postgresUrl, dbUsername, dbPassword, databases, ports, instances, walkthroughLogging,
                dropDatabasesOnStop, options, extraEnvironment, startTimeout, managementPorts, kafkaBrokers);
    }

    public LocalStackOptions withEnvironment(Map<String, String> environment) {
        Map<String, String> changed = new HashMap<>(extraEnvironment);
        changed.putAll(environment);
        return new LocalStackOptions(projectRoot, runDirectory, kafkaDataDirectory, kafkaPort, partitions, topic,
                postgresUrl, dbUsername, dbPassword, databases, ports, instances, walkthroughLogging,
                dropDatabasesOnStop, serviceJvmOptions, changed, startTimeout, managementPorts, kafkaBrokers);
    }

    public LocalStackOptions withStartTimeout(Duration timeout) {
        return new LocalStackOptions(projectRoot, runDirectory, kafkaDataDirectory, kafkaPort, partitions, topic,
                postgresUrl, dbUsername, dbPassword, databases, ports, instances, walkthroughLogging,
                dropDatabasesOnStop, serviceJvmOptions, extraEnvironment, timeout, managementPorts, kafkaBrokers);
    }
}
