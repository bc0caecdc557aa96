package dev.ridehail.kafkabroker;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What a single-node KRaft broker needs to know: where it listens and where it keeps its data.
 *
 * @param host the address both listeners bind to and advertise (loopback by default: this is a local broker)
 * @param port the client (PLAINTEXT) port
 * @param controllerPort the KRaft controller port
 * @param dataDir the directory holding the logs and server.properties; reusing it keeps topics and records
 * @param partitions the default partition count of auto-created topics
 * @param overrides broker properties set on top of the defaults below (for example
 *        {@code group.consumer.min.session.timeout.ms} for fault tests that must notice a dead KIP-848 consumer
 *        sooner than the 45 s minimum)
 */
public record BrokerSettings(String host, int port, int controllerPort, Path dataDir, int partitions,
        Map<String, String> overrides) {

    public static final int NODE_ID = 1;

    public BrokerSettings {
        if (port <= 0 || controllerPort <= 0 || port == controllerPort) {
            throw new IllegalArgumentException("port and controller port must be distinct positive numbers, got "
                    + port + " and " + controllerPort);
        }
        dataDir = dataDir.toAbsolutePath().normalize();
        overrides = Map.copyOf(overrides);
    }

    public BrokerSettings(String host, int port, int controllerPort, Path dataDir, int partitions) {
        this(host, port, controllerPort, dataDir, partitions, Map.of());
    }

    /** Same broker with one more property override. */
    public BrokerSettings with(String property, String value) {
        Map<String, String> more = new TreeMap<>(overrides);
        more.put(property, value);
        return new BrokerSettings(host, port, controllerPort, dataDir, partitions, more);
    }

    public String bootstrapServers() {
        return host + ":" + port;
    }

    public Path logDir() {
        return dataDir.resolve("kraft-logs");
    }

    public Path propertiesFile() {
        return dataDir.resolve("server.properties");
    }

    Properties toProperties() {
        Properties props = new Properties();
        props.setProperty("node.id", Integer.toString(NODE_ID));
        props.setProperty("process.roles", "broker,controller");
        props.setProperty("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        props.setProperty("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        props.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.setProperty("controller.listener.names", "CONTROLLER");
        props.setProperty("inter.broker.listener.name", "PLAINTEXT");
        // Static quorum: one voter, this node. Simple to format and to restart on the same data directory.
        props.setProperty("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        props.setProperty("log.dirs", logDir().toString());
        props.setProperty("num.partitions", Integer.toString(partitions));
        // A single node cannot hold more than one replica of anything.
        props.setProperty("offsets.topic.replication.factor", "1");
        props.setProperty("transaction.state.log.replication.factor", "1");
        props.setProperty("transaction.state.log.min.isr", "1");
        props.setProperty("share.coordinator.state.topic.replication.factor", "1");
        props.setProperty("share.coordinator.state.topic.min.isr", "1");
        props.setProperty("default.replication.factor", "1");
        // Fewer internal partitions start faster on a small machine; consumers join without the 3 s default wait.
        props.setProperty("offsets.topic.num.partitions", "10");
        props.setProperty("group.initial.rebalance.delay.ms", "0");
        // Topics are created explicitly (local stack, compose's init job), as in production.
        props.setProperty("auto.create.topics.enable", "false");
        props.setProperty("log.retention.hours", "168");
        props.putAll(overrides);
        return props;
    }
}
