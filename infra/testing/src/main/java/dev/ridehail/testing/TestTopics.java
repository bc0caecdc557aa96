package dev.ridehail.testing;

import dev.ridehail.topics.TopicAdmin;
import dev.ridehail.topics.TopicShape;
import org.apache.kafka.clients.admin.Admin;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Creates topics on the test broker through their owner's API ({@link TopicAdmin}), for tests of the consumers: those
 * only check the topics, location-ingest-service creates them.
 */
public final class TestTopics {

    /** rider-updates as the owner creates it by default: 6 partitions, 7 days, and its dead-letter topic alike. */
    public static final TopicShape RIDER_UPDATES = new TopicShape("rider-updates", 6, (short) 1, Duration.ofDays(7),
            null);

    private TestTopics() {
    }

    /** rider-updates and rider-updates.DLT, unless they exist already (one broker serves every test of a JVM). */
    public static void createRiderUpdates() {
        createIfAbsent(RIDER_UPDATES, RIDER_UPDATES.deadLetter(RIDER_UPDATES.name() + ".DLT"));
    }

    public static void createIfAbsent(TopicShape... shapes) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestKafka.bootstrapServers()))) {
            new TopicAdmin(admin, Duration.ofSeconds(30)).createIfAbsent(List.of(shapes));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating test topics", ex);
        }
        catch (Exception ex) {
            throw new IllegalStateException("Could not create test topics " + List.of(shapes), ex);
        }
    }
}
