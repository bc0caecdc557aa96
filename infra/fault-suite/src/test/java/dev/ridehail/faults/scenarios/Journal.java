package dev.ridehail.faults.scenarios;

import dev.ridehail.faults.oracle.Outcome;
import dev.ridehail.faults.oracle.SentUpdate;
import dev.ridehail.loadgen.LocationUpdate;
import dev.ridehail.loadgen.OutcomeListener;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * The per-eventId outcome journal of one scenario, in memory, fed by the load generator. A rider's send order is the
 * order its updates were generated in, which is also their {@code recordedAt} order.
 */
final class Journal implements OutcomeListener {

    private final ConcurrentLinkedQueue<SentUpdate> updates = new ConcurrentLinkedQueue<>();

    private final Map<Integer, LongAdder> requestsByStatus = new ConcurrentHashMap<>();

    private final LongAdder acked = new LongAdder();

    private final LongAdder notSent = new LongAdder();

    @Override
    public void onOutcome(List<LocationUpdate> batch, dev.ridehail.loadgen.Outcome outcome, int status,
            long latencyMicros) {
        if (outcome != dev.ridehail.loadgen.Outcome.NOT_SENT) {
            requestsByStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
        }
        Outcome mapped = switch (outcome) {
            case ACKED -> Outcome.ACKED;
            // a 429 is refused before anything is published: like any refusal, not expected in the database
            case REFUSED, RATE_LIMITED -> Outcome.REFUSED;
            case UNKNOWN -> Outcome.UNKNOWN;
            case NOT_SENT -> null;
        };
        if (mapped == null) {
            notSent.add(batch.size());
            return;
        }
        if (mapped == Outcome.ACKED) {
            acked.add(batch.size());
        }
        for (LocationUpdate update : batch) {
            updates.add(new SentUpdate(update.eventId(), update.riderId(), sequence(update.recordedAt()), mapped));
        }
    }

    /** Records an update sent by other means (the scenario's own client). */
    void record(SentUpdate update) {
        updates.add(update);
        if (update.outcome() == Outcome.ACKED) {
            acked.increment();
        }
    }

    List<SentUpdate> updates() {
        return List.copyOf(updates);
    }

    long sent() {
        return updates.size();
    }

    long acked() {
        return acked.sum();
    }

    long notSent() {
        return notSent.sum();
    }

    /**
     * Requests sent, by HTTP status (0 = no answer: timeout, refused or reset connection). Requests the generator never
     * sent because it fell behind its schedule by more than the request timeout are not here ({@link #notSent()}).
     */
    Map<Integer, Long> requestsByStatus() {
        Map<Integer, Long> counts = new TreeMap<>();
        requestsByStatus.forEach((status, count) -> counts.put(status, count.sum()));
        return counts;
    }

    static long sequence(Instant recordedAt) {
        return recordedAt.getEpochSecond() * 1_000_000_000L + recordedAt.getNano();
    }
}
