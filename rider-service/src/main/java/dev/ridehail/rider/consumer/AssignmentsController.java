package dev.ridehail.rider.consumer;

import dev.ridehail.offsets.DatabaseOffsetStore;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Which partitions this instance currently owns, for the walkthrough and the fault suite. */
@RestController
class AssignmentsController {

    private final DatabaseOffsetStore offsets;

    private final ConsumerInstance instance;

    AssignmentsController(DatabaseOffsetStore offsets, ConsumerInstance instance) {
        this.offsets = offsets;
        this.instance = instance;
    }

    record AssignmentsResponse(String group, String instanceId, String topic, List<Integer> partitions) {
    }

    @GetMapping("/api/v1/consumer/assignments")
    AssignmentsResponse assignments() {
        List<Integer> partitions = offsets.ownedPartitions(instance.topic());
        return new AssignmentsResponse(instance.group(), instance.instanceId(), instance.topic(), partitions);
    }
}
