package dev.ridehail.kafkabroker;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What one KRaft node (broker and controller in one process) needs to know: where it listens, where it keeps its data
 * and which controller quorum it belongs to. A single node is its own quorum; a node of a {@link KafkaCluster} names
 * every node of the cluster as a voter and shares the cluster's id.
 *
 * @param nodeId this node's {@code node.id}, unique in the cluster
 * @param host the address both listeners bind to and advertise (loopback by default: this is a local broker)
 * @param port the client (PLAINTEXT) port
 * @param controllerPort the KRaft controller port
 * @param dataDir the directory holding the logs and server.properties; reusing it keeps topics and records
 * @param partitions the default partition count of auto-created topics
 * @param quorumVoters {@code controller.quorum.voters}, {@code id@host:controllerPort} of every node, comma-separated;
 *        {@code null}: this node alone
 * @param clusterId the id every node's data directory is formatted with; {@code null}: a fresh one on first start
 *        (a single node has no one to agree with)
 * @param overrides broker properties set on top of the defaults below (for example
 *        {@code group.consumer.min.session.timeout.ms} for fault tests that must notice a dead KIP-848 consumer
 *        sooner than the 45 s minimum)
 */
public record BrokerSettings(int nodeId, String host, int port, int controllerPort, Path dataDir, int partitions,
        String quorumVoters, String clusterId, Map<String, String> overrides) {

    /** The node id of a single node. */
    public static final int NODE_ID = 1;

    /** Replicas of every topic, internal ones included, once the cluster has this many nodes. */
    static final int MAX_REPLICATION_FACTOR = 3;

    public BrokerSettings {
        if (port <= 0 || controllerPort <= 0 || port == controllerPort) {
            throw new IllegalArgumentException("port and controller port must be distinct positive numbers, got "
                    + port + " and " + controllerPort);
        }
        if (nodeId < 0) {
            throw new IllegalArgumentException("node id must not be negative, got " + nodeId);
        }
        dataDir = dataDir.toAbsolutePath().normalize();
        if (quorumVoters == null) {
            quorumVoters = nodeId + "@" + host + ":" + controllerPort;
        }
        if (!List.of(quorumVoters.split(",")).contains(nodeId + "@" + host + ":" + controllerPort)) {
            throw new IllegalArgumentException("node " + nodeId + " on " + host + ":" + controllerPort
                    + " is not one of the quorum voters " + quorumVoters);
        }
        overrides = Map.copyOf(overrides);
    }

    public BrokerSettings(String host, int port, int controllerPort, Path dataDir, int partitions,
            Map<String, String> overrides) {
        this(NODE_ID, host, port, controllerPort, dataDir, partitions, null, null, overrides);
    }

    public BrokerSettings(String host, int port, int controllerPort, Path dataDir, int partitions) {
        this(host, port, controllerPort, dataDir, partitions, Map.of());
    }

    /** Same broker with one more property override. */
    public BrokerSettings with(String property, String value) {
        Map<String, String> more = new TreeMap<>(overrides);
        more.put(property, value);
        return new BrokerSettings(nodeId, host, port, controllerPort, dataDir, partitions, quorumVoters, clusterId,
                more);
    }

    /** How many nodes the quorum has: in combined mode, every node of the cluster. */
    public int clusterSize() {
        return quorumVoters.split(",").length;
    }

    /**
     * The replication factor of every topic the cluster creates itself (consumer offsets, transaction and share
     * state) and of topics created without one: every node up to three.
     */
    public int replicationFactor() {
        return Math.min(clusterSize(), MAX_REPLICATION_FACTOR);
    }

    /**
     * {@code min.insync.replicas} by default: with three replicas an acknowledged ({@code acks=all}) write is on two
     * of them, so losing any one node loses no acknowledged write and refuses no write; below three replicas it
     * stays 1, since 2 of 2 would refuse every write while one node is down.
     */
    public int minInsyncReplicas() {
        return replicationFactor() >= MAX_REPLICATION_FACTOR ? replicationFactor() - 1 : 1;
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
        props.setProperty("node.id", Integer.toString(nodeId));
        props.setProperty("process.roles", "broker,controller");
        props.setProperty("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        props.setProperty("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        props.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.setProperty("controller.listener.names", "CONTROLLER");
        props.setProperty("inter.broker.listener.name", "PLAINTEXT");
        // A static quorum (controller.quorum.voters) rather than a dynamic one (controller.quorum.bootstrap.servers,
        // formatted with --initial-controllers): the nodes are known before the first start and never change, so every
        // node is formatted alike, with no directory ids to hand around, and restarts on its data directory as it is.
        props.setProperty("controller.quorum.voters", quorumVoters);
        props.setProperty("log.dirs", logDir().toString());
        props.setProperty("num.partitions", Integer.toString(partitions));
        // A single node cannot hold more than one replica of anything; three nodes hold three of everything, so the
        // consumers' groups (and any transactional or share state) survive a node like the records do.
        String replicas = Integer.toString(replicationFactor());
        String minInsync = Integer.toString(minInsyncReplicas());
        props.setProperty("offsets.topic.replication.factor", replicas);
        props.setProperty("transaction.state.log.replication.factor", replicas);
        props.setProperty("transaction.state.log.min.isr", minInsync);
        props.setProperty("share.coordinator.state.topic.replication.factor", replicas);
        props.setProperty("share.coordinator.state.topic.min.isr", minInsync);
        props.setProperty("default.replication.factor", replicas);
        props.setProperty("min.insync.replicas", minInsync);
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
