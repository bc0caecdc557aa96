package dev.ridehail.ingest.location;

import io.swagger.v3.oas.annotations.media.Schema;

/** Answer to an accepted single update: where Kafka stored it. */
@Schema(name = "LocationAccepted")
record LocationAcceptedResponse(
        @Schema(example = "7d1c8a52-4f7e-4c55-9a43-0c2f3b8e6a10") String eventId,
        @Schema(example = "3") int partition,
        @Schema(example = "1042") long offset) {
}
