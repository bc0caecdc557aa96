package dev.ridehail.ingest.location;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** Answer to an accepted batch: how many updates Kafka acknowledged and their eventIds, in request order. */
@Schema(name = "BatchAccepted")
record BatchAcceptedResponse(@Schema(example = "2") int count,
        @Schema(example = "[\"7d1c8a52-4f7e-4c55-9a43-0c2f3b8e6a10\", \"5b0e1c7d-93a4-4f2b-8c6d-2e9f0a1b3c4d\"]")
        List<String> eventIds) {
}
