package dev.ridehail.kafkabroker;

import dev.ridehail.processes.Ports;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeMetadataQuorumOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A KRaft Kafka cluster of one or three nodes, each a {@link KafkaBrokerProcess} (its own operating-system process,
 * ports and data directory) that can be killed, frozen and restarted on its own through {@link #node(int)}.
 *
 * <p>Every node is a combined broker and controller, all of them the voters of one static quorum, formatted with the
 * same cluster id. On one machine three dedicated controllers would be three more JVMs beside the three brokers, and
 * combined mode is what Kafka offers for small clusters (its documentation advises separate controllers for critical
 * deployments, so that brokers and controllers can be rolled and scaled apart). A quorum of three voters keeps its
 * metadata with one node down, as the topics (replication factor 3, {@code min.insync.replicas} 2) keep their writes.
 *
 * <pre>{@code
 * try (KafkaCluster cluster = KafkaCluster.onFreePorts(3, dataDir, logDir).start()) {
 *     String bootstrap = cluster.bootstrapServers();  // every node, comma-separated
 *     cluster.leaderOfMostPartitions("rider-updates").kill();
 *     cluster.activeController().pause();
 * }
 * }</pre>
 */
public final class KafkaCluster implements AutoCloseable {

    private static final String HOST = "127.0.0.1";

    private static final int ADMIN_TIMEOUT_MS = 10_000;

    private final List<KafkaBrokerProcess> nodes;

    private KafkaCluster(List<KafkaBrokerProcess> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /**
     * A cluster on loopback. One node keeps the single broker's layout (its data right in {@code dataDir}, its log
     * {@code kafka-broker.log}); node {@code i} of three keeps its data in {@code dataDir/node-i} and logs to
     * {@code kafka-broker-i.log}. Node {@code i} (from 1) listens on {@code firstPort + 100(i-1)}, as further service
     * instances do, and its controller on the port after; a {@code firstPort} of 0 picks free ports, kept for every
     * restart.
     *
     * @param partitions the default partition count of topics created without one
     */
    public static KafkaCluster of(int size, int firstPort, Path dataDir, int partitions, Path logDirectory) {
        if (size != 1 && size != 3) {
            throw new IllegalArgumentException("a cluster has 1 or 3 nodes, not " + size);
        }
        if (size == 1) {
            int port = firstPort == 0 ? Ports.free() : firstPort;
            int controllerPort = firstPort == 0 ? freePortOtherThan(Set.of(port)) : firstPort + 1;
            return new KafkaCluster(List.of(KafkaBrokerProcess.of(new BrokerSettings(HOST, port, controllerPort,
                    dataDir, partitions), logDirectory.resolve("kafka-broker.log"))));
        }
        List<int[]> ports = new ArrayList<>();
        Set<Integer> taken = new HashSet<>();
        for (int i = 0; i < size; i++) {
            int port = firstPort == 0 ? freePortOtherThan(taken) : firstPort + 100 * i;
            taken.add(port);
            int controllerPort = firstPort == 0 ? freePortOtherThan(taken) : port + 1;
            taken.add(controllerPort);
            ports.add(new int[] { port, controllerPort });
        }
        String voters = IntStream.range(0, size)
            .mapToObj(i -> (i + 1) + "@" + HOST + ":" + ports.get(i)[1])
            .collect(Collectors.joining(","));
        String clusterId = clusterId(dataDir);
        List<KafkaBrokerProcess> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int nodeId = i + 1;
            BrokerSettings settings = new BrokerSettings(nodeId, HOST, ports.get(i)[0], ports.get(i)[1],
                    dataDir.resolve("node-" + nodeId), partitions, voters, clusterId, Map.of());
            nodes.add(KafkaBrokerProcess.of(settings, logDirectory.resolve("kafka-broker-" + nodeId + ".log")));
        }
        return new KafkaCluster(nodes);
    }

    /** A cluster of {@code size} nodes on free loopback ports with six partitions per topic by default. */
    public static KafkaCluster onFreePorts(int size, Path dataDir, Path logDirectory) {
        return of(size, 0, dataDir, 6, logDirectory);
    }

    /** Same cluster with one broker property set on every node (from the next start). */
    public KafkaCluster withBrokerProperty(String property, String value) {
        return map(node -> node.withBrokerProperty(property, value));
    }

    /** Same cluster, other JVM options for every node. */
    public KafkaCluster withJvmOptions(List<String> options) {
        return map(node -> node.withJvmOptions(options));
    }

    /** Same cluster, every node launched from another class path. */
    public KafkaCluster withClasspath(String classpath) {
        return map(node -> node.withClasspath(classpath));
    }

    /** Same cluster without the JVM shutdown hooks that stop its nodes (an owner that stops them itself). */
    public KafkaCluster withoutShutdownHook() {
        return map(KafkaBrokerProcess::withoutShutdownHook);
    }

    /**
     * Launches every node that is not running, then waits for each: a node of three answers only once a majority of
     * the quorum runs, so waiting for the first before launching the second would never end.
     */
    public KafkaCluster start() {
        List<KafkaBrokerProcess> launched = new ArrayList<>();
        try {
            for (KafkaBrokerProcess node : nodes) {
                if (!node.isAlive()) {
                    node.launch();
                    launched.add(node);
                }
            }
            for (KafkaBrokerProcess node : launched) {
                node.awaitStarted();
            }
        }
        catch (RuntimeException ex) {
            launched.forEach(KafkaBrokerProcess::kill);
            throw ex;
        }
        return this;
    }

    /**
     * Stops every node at once, a thread each (a parallel stream may run them two at a time on two cores): one after
     * another, the last node would wait for a controller quorum the earlier ones took away.
     */
    public void stop() {
        List<Thread> stopping = nodes.stream().map(node -> Thread.ofVirtual().start(node::stop)).toList();
        for (Thread thread : stopping) {
            try {
                thread.join();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while stopping the Kafka cluster", ex);
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    public int size() {
        return nodes.size();
    }

    /** Node {@code index} (0-based; its {@code node.id} is {@code index + 1}). */
    public KafkaBrokerProcess node(int index) {
        return nodes.get(index);
    }

    public List<KafkaBrokerProcess> nodes() {
        return nodes;
    }

    /** The node whose {@code node.id} is {@code nodeId}. */
    public KafkaBrokerProcess nodeWithId(int nodeId) {
        return nodes.stream()
            .filter(node -> node.settings().nodeId() == nodeId)
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no node " + nodeId + " in " + bootstrapServers()));
    }

    /** Every node's client address, comma-separated: clients find the others from whichever answers. */
    public String bootstrapServers() {
        return nodes.stream().map(KafkaBrokerProcess::bootstrapServers).collect(Collectors.joining(","));
    }

    /** The active KRaft controller: the quorum's current leader, as the running nodes report it. */
    public KafkaBrokerProcess activeController() {
        try (Admin admin = admin()) {
            int leader = admin.describeMetadataQuorum(new DescribeMetadataQuorumOptions().timeoutMs(ADMIN_TIMEOUT_MS))
                .quorumInfo()
                .get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .leaderId();
            return nodeWithId(leader);
        }
        catch (InterruptedException | ExecutionException | TimeoutException ex) {
            throw failure("describe the metadata quorum", ex);
        }
    }

    /**
     * The node leading most partitions of {@code topic} (the lowest node id among equals): the one whose loss moves
     * the most leaderships. A partition without a leader counts for no node.
     */
    public KafkaBrokerProcess leaderOfMostPartitions(String topic) {
        int nodeId = -1;
        int most = 0;
        // ascending node ids: a later node replaces the choice only when it leads strictly more
        for (Map.Entry<Integer, Integer> led : partitionsLedByNode(topic).entrySet()) {
            if (led.getValue() > most) {
                nodeId = led.getKey();
                most = led.getValue();
            }
        }
        if (nodeId < 0) {
            throw new IllegalStateException("no partition of " + topic + " has a leader");
        }
        return nodeWithId(nodeId);
    }

    /** How many partitions of {@code topic} each node leads, by {@code node.id}. */
    public Map<Integer, Integer> partitionsLedByNode(String topic) {
        Map<Integer, Integer> led = new TreeMap<>();
        for (TopicPartitionInfo partition : describe(topic).partitions()) {
            Node leader = partition.leader();
            if (leader != null && !leader.isEmpty()) {
                led.merge(leader.id(), 1, Integer::sum);
            }
        }
        return led;
    }

    /** The fewest in-sync replicas any partition of {@code topic} has now. */
    public int minInSyncReplicas(String topic) {
        return describe(topic).partitions().stream().mapToInt(p -> p.isr().size()).min().orElse(0);
    }

    private TopicDescription describe(String topic) {
        try (Admin admin = admin()) {
            return admin.describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(ADMIN_TIMEOUT_MS))
                .allTopicNames()
                .get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .get(topic);
        }
        catch (InterruptedException | ExecutionException | TimeoutException ex) {
            throw failure("describe topic " + topic, ex);
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ADMIN_TIMEOUT_MS / 2,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ADMIN_TIMEOUT_MS));
    }

    private IllegalStateException failure(String action, Exception ex) {
        if (ex instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new IllegalStateException("Could not " + action + " on " + bootstrapServers(), ex);
    }

    private KafkaCluster map(UnaryOperator<KafkaBrokerProcess> change) {
        return new KafkaCluster(nodes.stream().map(change).toList());
    }

    /**
     * The cluster's id, kept in {@code dataDir/cluster-id} from the first start: a node whose data directory is gone
     * (a lost disk) is formatted again with the id the other nodes have, or they would not let it join.
     */
    private static String clusterId(Path dataDir) {
        Path file = dataDir.toAbsolutePath().resolve("cluster-id");
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            String id = Uuid.randomUuid().toString();
            Files.createDirectories(file.getParent());
            Files.writeString(file, id + "\n", StandardCharsets.UTF_8);
            return id;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot keep the cluster id in " + file, ex);
        }
    }

    private static int freePortOtherThan(Set<Integer> taken) {
        int candidate = Ports.free();
        while (taken.contains(candidate)) {
            candidate = Ports.free();
        }
        return candidate;
    }
}
