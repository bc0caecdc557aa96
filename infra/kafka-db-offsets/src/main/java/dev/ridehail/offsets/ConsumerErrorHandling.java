package dev.ridehail.offsets;

import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The consumers' error handling: a failed batch (the database is down, restarting or refusing connections) is retried
 * with capped exponential back-off for as long as it takes.
 *
 * <p>Spring Kafka's default gives up after ten fast attempts and skips the records; here the back-off never runs out,
 * so no record is ever skipped or dead-lettered because of the database. While retrying, the container keeps polling
 * with the partitions paused, so the consumer stays in its group and lag simply grows until the database is back.
 * Records that are bad in themselves never get here: the listener dead-letters them before writing.
 */
public final class ConsumerErrorHandling {

    static final long INITIAL_INTERVAL_MS = 500;

    static final long MAX_INTERVAL_MS = 10_000;

    private ConsumerErrorHandling() {
    }

    public static DefaultErrorHandler retryUntilDatabaseIsBack() {
        ExponentialBackOff backOff = new ExponentialBackOff(INITIAL_INTERVAL_MS, 2.0);
        backOff.setMaxInterval(MAX_INTERVAL_MS);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        backOff.setMaxAttempts(Integer.MAX_VALUE);
        DefaultErrorHandler handler = new DefaultErrorHandler((record, exception) -> {
            throw new IllegalStateException("An unbounded back-off never exhausts; refusing to skip " + record.topic()
                    + "-" + record.partition() + "@" + record.offset(), exception);
        }, backOff);
        handler.setLogLevel(org.springframework.kafka.KafkaException.Level.WARN);
        return handler;
    }
}
