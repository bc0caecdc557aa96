package dev.ridehail.offsets;

import dev.ridehail.testing.TestDatabase;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseOffsetStoreTests {

    static TestDatabase database;

    static JdbcClient jdbc;

    static DataSourceTransactionManager transactionManager;

    final TopicPartition p0 = new TopicPartition("rider-updates", 0);

    final TopicPartition p1 = new TopicPartition("rider-updates", 1);

    final Map<String, Uuid> topicIds = Map.of("rider-updates", Uuid.randomUuid(), "rider-updates.DLT",
            Uuid.randomUuid());

    String group;

    @BeforeAll
    static void createDatabase() {
        MigratedDatabase migrated = MigratedDatabase.create("offsets");
        database = migrated.database();
        jdbc = migrated.jdbc();
        transactionManager = migrated.transactionManager();
        jdbc.sql("CREATE TABLE written_rows (id text PRIMARY KEY)").update();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @BeforeEach
    void uniqueGroup() {
        group = "group-" + UUID.randomUUID();
    }

    @Test
    void shouldReturnNothingWhenPartitionWasNeverConsumed() {
        DatabaseOffsetStore store = store("a");

        assertThat(claim(store, p0, p1)).isEmpty();
        assertThat(store.ownedPartitions()).containsExactlyInAnyOrder(p0, p1);
    }

    @Test
    void shouldListTheOwnedPartitionNumbersOfOneTopicInOrder() {
        DatabaseOffsetStore store = store("a");
        TopicPartition p5 = new TopicPartition("rider-updates", 5);
        TopicPartition otherTopic = new TopicPartition("rider-updates.DLT", 0);

        claim(store, p5, p1, otherTopic, p0);

        assertThat(store.ownedPartitions("rider-updates")).containsExactly(0, 1, 5);
        assertThat(store.ownedPartitions("rider-updates.DLT")).containsExactly(0);
        assertThat(store.ownedPartitions("unknown")).isEmpty();
    }

    @Test
    void shouldReturnCommittedOffsetsToTheNextOwner() {
        DatabaseOffsetStore first = store("a");
        claim(first, p0, p1);
        inTransaction(() -> first.commit(Map.of(p0, 42L, p1, 7L)));

        DatabaseOffsetStore second = store("b");

        assertThat(claim(second, p0, p1)).containsOnly(Map.entry(p0, 42L), Map.entry(p1, 7L));
        assertThat(second.storedOffsets()).containsOnly(Map.entry(p0, 42L), Map.entry(p1, 7L));
    }

    @Test
    void shouldDiscardTheStoredOffsetAndReportTheOldIdWhenTheTopicWasRecreated() {
        DatabaseOffsetStore first = store("a");
        claim(first, p0, p1);
        inTransaction(() -> first.commit(Map.of(p0, 42L, p1, 7L)));
        Uuid recreated = Uuid.randomUuid();
        DatabaseOffsetStore second = store("b");

        DatabaseOffsetStore.Claim claim = second.claim(List.of(p0, p1), Map.of("rider-updates", recreated));

        assertThat(claim.nextOffsets()).isEmpty();
        assertThat(claim.replacedTopicIds()).containsOnly(Map.entry(p0, topicIds.get("rider-updates").toString()),
                Map.entry(p1, topicIds.get("rider-updates").toString()));
        assertThat(second.topicId("rider-updates")).contains(recreated);
        // Reported once: the rows carry the new id now.
        DatabaseOffsetStore.Claim again = store("c").claim(List.of(p0), Map.of("rider-updates", recreated));
        assertThat(again.replacedTopicIds()).isEmpty();
    }

    @Test
    void shouldKeepTheOffsetAndAdoptTheTopicIdWhenTheRowWasStoredBeforeTopicIds() {
        DatabaseOffsetStore first = store("a");
        claim(first, p0);
        inTransaction(() -> first.commit(Map.of(p0, 42L)));
        jdbc.sql("UPDATE kafka_consumer_offsets SET topic_id = NULL WHERE consumer_group = :group")
            .param("group", group)
            .update();

        DatabaseOffsetStore.Claim claim = store("b").claim(List.of(p0), topicIds);

        assertThat(claim.nextOffsets()).containsOnly(Map.entry(p0, 42L));
        assertThat(claim.replacedTopicIds()).isEmpty();
        assertThat(jdbc.sql("SELECT topic_id FROM kafka_consumer_offsets WHERE consumer_group = :group")
            .param("group", group)
            .query(String.class)
            .single()).isEqualTo(topicIds.get("rider-updates").toString());
    }

    @Test
    void shouldRefuseToClaimWithoutTheTopicsId() {
        assertThatThrownBy(() -> store("a").claim(List.of(p0), Map.of()))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldDeleteTheDeadLetterLogRowsBelowTheCommittedOffsetOnly() {
        DatabaseOffsetStore store = store("a");
        claim(store, p0, p1);
        store.logDeadLetter(record(0, 3));
        store.logDeadLetter(record(0, 8));
        store.logDeadLetter(record(1, 2));

        inTransaction(() -> store.commit(Map.of(p0, 5L)));

        assertThat(store.isDeadLettered(record(0, 3))).isFalse();
        assertThat(store.isDeadLettered(record(0, 8))).isTrue();
        assertThat(store.isDeadLettered(record(1, 2))).isTrue();
    }

    @Test
    void shouldKeepTheDeadLetterLogWhenTheBatchRollsBack() {
        DatabaseOffsetStore store = store("a");
        claim(store, p0);
        store.logDeadLetter(record(0, 3));

        assertThatThrownBy(() -> inTransaction(() -> {
            store.commit(Map.of(p0, 5L));
            throw new IllegalStateException("the rows could not be written");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(store.isDeadLettered(record(0, 3))).isTrue();
    }

    @Test
    void shouldForgetTheDeadLettersOfTheOldTopicWhenTheTopicWasRecreated() {
        DatabaseOffsetStore store = store("a");
        claim(store, p0);
        store.logDeadLetter(record(0, 3));

        store("b").claim(List.of(p0), Map.of("rider-updates", Uuid.randomUuid()));

        assertThat(store.isDeadLettered(record(0, 3))).isFalse();
    }

    @Test
    void shouldRefuseLateCommitAndRollBackItsRowsWhenAnotherConsumerClaimedThePartition() {
        DatabaseOffsetStore zombie = store("zombie");
        claim(zombie, p0);
        inTransaction(() -> zombie.commit(Map.of(p0, 10L)));
        DatabaseOffsetStore successor = store("successor");
        claim(successor, p0);
        String row = "row-" + UUID.randomUUID();

        assertThatThrownBy(() -> inTransaction(() -> {
            jdbc.sql("INSERT INTO written_rows VALUES (:id)").param("id", row).update();
            zombie.commit(Map.of(p0, 20L));
        })).isInstanceOf(OffsetFencedException.class)
            .satisfies(ex -> assertThat(((OffsetFencedException) ex).partitions()).containsExactly(p0));

        assertThat(jdbc.sql("SELECT count(*) FROM written_rows WHERE id = :id").param("id", row).query(Long.class).single())
            .isZero();
        assertThat(claim(successor, p0)).containsEntry(p0, 10L);
    }

    @Test
    void shouldWaitForThePreviousOwnersOpenBatchAndThenRefuseItsCommitWhenClaiming() throws Exception {
        DatabaseOffsetStore previous = store("previous");
        claim(previous, p0);
        DatabaseOffsetStore successor = new DatabaseOffsetStore(jdbc, transactionManager, group, "successor",
                Duration.ofMillis(300), 20);
        CountDownLatch batchOpen = new CountDownLatch(1);
        CountDownLatch successorClaimed = new CountDownLatch(1);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        // The previous owner has written its offsets but not committed yet when the successor claims the partition.
        Future<?> previousBatch = executor.submit(() -> inTransaction(() -> {
            previous.commit(Map.of(p0, 30L));
            batchOpen.countDown();
            awaitQuietly(successorClaimed, Duration.ofSeconds(2));
        }));
        batchOpen.await();

        Map<TopicPartition, Long> claimed = claim(successor, p0);
        successorClaimed.countDown();
        previousBatch.get(10, TimeUnit.SECONDS);
        executor.shutdown();

        // The claim waited for the open batch (it committed before the claim's row update), then took the partition.
        assertThat(claimed).containsEntry(p0, 30L);
        assertThatThrownBy(() -> inTransaction(() -> previous.commit(Map.of(p0, 40L))))
            .isInstanceOf(OffsetFencedException.class);
    }

    private static void awaitQuietly(CountDownLatch latch, Duration timeout) {
        try {
            latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void shouldRefuseCommitForReleasedPartition() {
        DatabaseOffsetStore store = store("a");
        claim(store, p0);
        store.release(List.of(p0));

        assertThatThrownBy(() -> inTransaction(() -> store.commit(Map.of(p0, 5L))))
            .isInstanceOf(OffsetFencedException.class);
        assertThat(store.storedOffsets()).isEmpty();
    }

    @Test
    void shouldRejectCommitOutsideATransaction() {
        DatabaseOffsetStore store = store("a");
        claim(store, p0);

        assertThatThrownBy(() -> store.commit(Map.of(p0, 5L))).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("inside the transaction");
    }

    @Test
    void shouldComputeNextOffsetPerPartitionFromAnUnorderedBatch() {
        List<ConsumerRecord<String, String>> batch = List.of(record(0, 5), record(1, 3), record(0, 9), record(0, 7));

        assertThat(DatabaseOffsetStore.nextOffsets(batch)).containsOnly(Map.entry(p0, 10L), Map.entry(p1, 4L));
    }

    private ConsumerRecord<String, String> record(int partition, long offset) {
        return new ConsumerRecord<>("rider-updates", partition, offset, "k", "v");
    }

    private Map<TopicPartition, Long> claim(DatabaseOffsetStore store, TopicPartition... partitions) {
        return store.claim(List.of(partitions), topicIds).nextOffsets();
    }

    private DatabaseOffsetStore store(String owner) {
        return new DatabaseOffsetStore(jdbc, transactionManager, group, owner);
    }

    private void inTransaction(Runnable work) {
        new TransactionTemplate(transactionManager).executeWithoutResult(status -> work.run());
    }
}
