package dev.ridehail.kafkabroker;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Runs one real Kafka node (KRaft, broker and controller in one process) until SIGTERM: a single broker, or one node
 * of a {@link KafkaCluster}.
 *
 * <pre>java -jar infra/kafka-broker/target/kafka-broker.jar --port 9092 --data-dir /tmp/kafka-data</pre>
 *
 * <p>Options: {@code --port} (default 9092), {@code --controller-port} (default port + 1), {@code --data-dir}
 * (default {@code ./kafka-data}), {@code --host} (default 127.0.0.1), {@code --partitions} (default 6),
 * {@code --set property=value} (repeatable: any broker property on top of the defaults); for a node of a cluster also
 * {@code --node-id} (default 1), {@code --quorum-voters id@host:port,...} (default: this node alone) and
 * {@code --cluster-id} (default: a fresh one). The data directory is formatted on first use only, so a restart on the
 * same directory keeps every topic and record.
 */
public final class KafkaBrokerMain {

    /** Printed on stdout once the broker serves requests; {@link KafkaBrokerProcess} does not rely on it. */
    public static final String READY_MARKER = "Kafka broker ready on PLAINTEXT://";

    private static final Logger log = LoggerFactory.getLogger(KafkaBrokerMain.class);

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        BrokerSettings settings;
        try {
            settings = parse(args);
        }
        catch (IllegalArgumentException ex) {
            System.err.println(ex.getMessage());
            System.err.println("usage: java -jar kafka-broker.jar [--port 9092] [--controller-port 9093] "
                    + "[--data-dir DIR] [--host 127.0.0.1] [--partitions 6] [--set property=value ...] "
                    + "[--node-id 1 --quorum-voters 1@host:port,2@host:port,... --cluster-id ID]");
            System.exit(2);
            return;
        }
        KafkaRaftServer server = start(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Stopping Kafka broker on {}", settings.bootstrapServers());
            server.shutdown();
            server.awaitShutdown();
        }, "kafka-broker-shutdown"));
        System.out.println(READY_MARKER + settings.bootstrapServers() + " (data in " + settings.dataDir() + ")");
        System.out.flush();
        server.awaitShutdown();
    }

    static KafkaRaftServer start(BrokerSettings settings) throws IOException {
        Files.createDirectories(settings.dataDir());
        Properties props = settings.toProperties();
        try (OutputStream out = Files.newOutputStream(settings.propertiesFile())) {
            props.store(out, "Written by KafkaBrokerMain on every start");
        }
        formatIfNeeded(settings);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        return server;
    }

    /** Same as {@code kafka-storage.sh format}, but only for a directory that was never formatted. */
    static void formatIfNeeded(BrokerSettings settings) {
        if (Files.exists(settings.logDir().resolve("meta.properties"))) {
            log.info("Reusing formatted data directory {}", settings.logDir());
            return;
        }
        // The nodes of a cluster must all carry its one id; a single node makes its own.
        String clusterId = settings.clusterId() != null ? settings.clusterId() : Uuid.randomUuid().toString();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status;
        // execute (unlike main) returns a status instead of calling System.exit.
        try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            status = StorageTool.execute(new String[] { "format", "--cluster-id", clusterId, "--config",
                    settings.propertiesFile().toString() }, printStream);
        }
        String text = output.toString(StandardCharsets.UTF_8).strip();
        if (status != 0) {
            throw new IllegalStateException("Formatting " + settings.logDir() + " failed (" + status + "): " + text);
        }
        log.info("Formatted {} for cluster {}: {}", settings.logDir(), clusterId, text);
    }

    static BrokerSettings parse(String[] args) {
        String host = "127.0.0.1";
        int port = 9092;
        Integer controllerPort = null;
        Path dataDir = Path.of("kafka-data");
        int partitions = 6;
        int nodeId = BrokerSettings.NODE_ID;
        String quorumVoters = null;
        String clusterId = null;
        Map<String, String> overrides = new TreeMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + name);
            }
            String value = args[++i];
            switch (name) {
                case "--port" -> port = Integer.parseInt(value);
                case "--controller-port" -> controllerPort = Integer.parseInt(value);
                case "--data-dir" -> dataDir = Path.of(value);
                case "--host" -> host = value;
                case "--partitions" -> partitions = Integer.parseInt(value);
                case "--node-id" -> nodeId = Integer.parseInt(value);
                case "--quorum-voters" -> quorumVoters = value;
                case "--cluster-id" -> clusterId = value;
                case "--set" -> {
                    int equals = value.indexOf('=');
                    if (equals <= 0) {
                        throw new IllegalArgumentException("--set needs property=value, got " + value);
                    }
                    overrides.put(value.substring(0, equals), value.substring(equals + 1));
                }
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        return new BrokerSettings(nodeId, host, port, controllerPort != null ? controllerPort : port + 1, dataDir,
                partitions, quorumVoters, clusterId, overrides);
    }
}
