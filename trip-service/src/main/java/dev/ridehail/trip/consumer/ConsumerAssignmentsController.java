package dev.ridehail.trip.consumer;

import dev.ridehail.offsets.DatabaseOffsetStore;
import dev.ridehail.trip.TripProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
@Tag(name = "Consumer", description = "What this instance consumes")
class ConsumerAssignmentsController {

    private final DatabaseOffsetStore offsets;

    private final TripProperties properties;

    ConsumerAssignmentsController(DatabaseOffsetStore offsets, TripProperties properties) {
        this.offsets = offsets;
        this.properties = properties;
    }

    record AssignmentsResponse(String group, String instanceId, String topic, List<Integer> partitions) {
    }

    @GetMapping("/api/v1/consumer/assignments")
    @Operation(summary = "The rider-updates partitions this instance owns right now")
    AssignmentsResponse assignments() {
        String topic = properties.topic().name();
        List<Integer> partitions = offsets.ownedPartitions(topic);
        return new AssignmentsResponse(offsets.consumerGroup(), offsets.ownerId(), topic, partitions);
    }
}
