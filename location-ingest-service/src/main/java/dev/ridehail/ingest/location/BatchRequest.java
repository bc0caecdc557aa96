package dev.ridehail.ingest.location;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** Shape of a batch body, for the API description; bodies are parsed by {@link LocationUpdateParser}. */
@Schema(name = "LocationBatch")
record BatchRequest(@ArraySchema(minItems = 1, maxItems = 500,
        schema = @Schema(implementation = LocationUpdateRequest.class)) List<LocationUpdateRequest> updates) {
}
