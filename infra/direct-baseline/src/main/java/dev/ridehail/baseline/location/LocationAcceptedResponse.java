package dev.ridehail.baseline.location;

import java.time.Instant;
import java.util.UUID;

/** 202 body: the stored eventId (client-supplied or assigned) and when the row was written. */
record LocationAcceptedResponse(UUID eventId, Instant receivedAt) {
}
