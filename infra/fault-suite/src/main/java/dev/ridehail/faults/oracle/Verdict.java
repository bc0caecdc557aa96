package dev.ridehail.faults.oracle;

import java.util.List;
import java.util.UUID;

/**
 * What the oracle counted in the database against what was sent.
 *
 * @param sent updates sent (distinct eventIds)
 * @param acked updates the client was told were accepted
 * @param refused updates refused (4xx/503)
 * @param unknown updates whose outcome the client never learned
 * @param rows rows in the history table
 * @param distinctRows distinct eventIds in the history table
 * @param lost acknowledged eventIds missing from the table
 * @param duplicates rows minus distinct eventIds
 * @param unexpected rows whose eventId was never sent
 * @param outOfOrderRiders riders whose stored order (by recorded_at) differs from their send order
 * @param sampleLost a few lost eventIds, for the failure message
 */
public record Verdict(long sent, long acked, long refused, long unknown, long rows, long distinctRows, long lost,
        long duplicates, long unexpected, long outOfOrderRiders, List<UUID> sampleLost) {

    public boolean nothingLostOrDuplicated() {
        return lost == 0 && duplicates == 0 && unexpected == 0 && outOfOrderRiders == 0;
    }

    public String figures() {
        return "sent=%d acked=%d refused=%d unknown=%d rows=%d lost=%d dup=%d unexpected=%d outOfOrderRiders=%d"
            .formatted(sent, acked, refused, unknown, rows, lost, duplicates, unexpected, outOfOrderRiders);
    }
}
