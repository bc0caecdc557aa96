package dev.ridehail.faults.oracle;

import java.util.UUID;

/**
 * One update as the client sent it.
 *
 * @param eventId the update's id, unique per update (the same for a retry of the same update)
 * @param riderId the rider, the Kafka key
 * @param sequence the position of this update in its rider's send order (0, 1, 2, ...)
 * @param outcome what the client was told
 */
public record SentUpdate(UUID eventId, String riderId, long sequence, Outcome outcome) {
}
