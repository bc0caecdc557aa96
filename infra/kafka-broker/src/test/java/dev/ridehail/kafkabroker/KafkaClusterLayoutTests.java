package dev.ridehail.kafkabroker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the nodes of a cluster are laid out and configured, without starting them. */
class KafkaClusterLayoutTests {

    @TempDir
    Path tmp;

    @Test
    void shouldGiveEveryNodeItsOwnPortsAndDataDirectoryAndOneQuorumAndClusterId() {
        KafkaCluster cluster = KafkaCluster.of(3, 29092, tmp.resolve("kafka"), 6, tmp);

        List<BrokerSettings> nodes = cluster.nodes().stream().map(KafkaBrokerProcess::settings).toList();
        assertThat(nodes).extracting(BrokerSettings::nodeId).containsExactly(1, 2, 3);
        assertThat(nodes).extracting(BrokerSettings::port).containsExactly(29092, 29192, 29292);
        assertThat(nodes).extracting(BrokerSettings::controllerPort).containsExactly(29093, 29193, 29293);
        assertThat(nodes).extracting(BrokerSettings::dataDir)
            .containsExactly(tmp.resolve("kafka/node-1"), tmp.resolve("kafka/node-2"), tmp.resolve("kafka/node-3"));
        assertThat(nodes).extracting(BrokerSettings::quorumVoters)
            .containsOnly("1@127.0.0.1:29093,2@127.0.0.1:29193,3@127.0.0.1:29293");
        assertThat(nodes).extracting(BrokerSettings::clusterId).doesNotContainNull().hasSize(3).containsOnly(
                nodes.getFirst().clusterId());
        assertThat(cluster.bootstrapServers()).isEqualTo("127.0.0.1:29092,127.0.0.1:29192,127.0.0.1:29292");
        assertThat(cluster.nodes()).extracting(KafkaBrokerProcess::logFile).doesNotHaveDuplicates();
    }

    @Test
    void shouldKeepTheClusterIdForTheNextRunOnTheSameDataDirectory() {
        String first = KafkaCluster.of(3, 0, tmp.resolve("kafka"), 6, tmp).node(0).settings().clusterId();

        String again = KafkaCluster.of(3, 0, tmp.resolve("kafka"), 6, tmp).node(2).settings().clusterId();

        // a node formatted again after losing its data must carry the id the others have
        assertThat(again).isEqualTo(first);
    }

    @Test
    void shouldReplicateEverythingThreeTimesWithTwoInSyncOnThreeNodes() {
        Properties node = KafkaCluster.of(3, 29092, tmp.resolve("kafka"), 6, tmp).node(1).settings().toProperties();

        assertThat(node).containsEntry("node.id", "2")
            .containsEntry("process.roles", "broker,controller")
            .containsEntry("default.replication.factor", "3")
            .containsEntry("min.insync.replicas", "2")
            .containsEntry("offsets.topic.replication.factor", "3")
            .containsEntry("transaction.state.log.replication.factor", "3")
            .containsEntry("transaction.state.log.min.isr", "2")
            .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:29192");
    }

    @Test
    void shouldKeepTheSingleBrokersLayoutAndItsSingleReplicasWithOneNode() {
        KafkaCluster cluster = KafkaCluster.of(1, 29092, tmp.resolve("kafka"), 6, tmp);

        BrokerSettings node = cluster.node(0).settings();
        assertThat(node.nodeId()).isEqualTo(BrokerSettings.NODE_ID);
        assertThat(node.dataDir()).isEqualTo(tmp.resolve("kafka"));
        assertThat(node.clusterId()).as("a single node makes its own on first start").isNull();
        assertThat(cluster.node(0).logFile()).isEqualTo(tmp.resolve("kafka-broker.log"));
        assertThat(node.toProperties()).containsEntry("controller.quorum.voters", "1@127.0.0.1:29093")
            .containsEntry("default.replication.factor", "1")
            .containsEntry("min.insync.replicas", "1")
            .containsEntry("offsets.topic.replication.factor", "1");
        assertThat(cluster.bootstrapServers()).isEqualTo("127.0.0.1:29092");
    }

    @Test
    void shouldRefuseAClusterSizeOtherThanOneOrThreeAndANodeOutsideItsQuorum() {
        Stream.of(0, 2, 5).forEach(size -> assertThatThrownBy(() -> KafkaCluster.of(size, 0, tmp, 6, tmp))
            .isInstanceOf(IllegalArgumentException.class));
        assertThatThrownBy(() -> new BrokerSettings(4, "127.0.0.1", 29092, 29093, tmp, 6,
                "1@127.0.0.1:29093,2@127.0.0.1:29095", "id", Map.of()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("not one of the quorum voters");
    }

    @Test
    void shouldReadTheNodeOptionsOfAClusterNode() {
        BrokerSettings node = KafkaBrokerMain.parse(new String[] { "--port", "29094", "--node-id", "2",
                "--quorum-voters", "1@127.0.0.1:29093,2@127.0.0.1:29095", "--cluster-id", "MkU3OEVBNTcwNTJENDM2Qk" });

        assertThat(node.nodeId()).isEqualTo(2);
        assertThat(node.controllerPort()).isEqualTo(29095);
        assertThat(node.clusterSize()).isEqualTo(2);
        assertThat(node.clusterId()).isEqualTo("MkU3OEVBNTcwNTJENDM2Qk");
    }
}
