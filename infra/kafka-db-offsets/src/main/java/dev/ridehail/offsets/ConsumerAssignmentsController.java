package dev.ridehail.offsets;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Which partitions this instance owns right now, for the walkthrough and the fault suite. */
@RestController
class ConsumerAssignmentsController {

    static final String PATH = "/api/v1/consumer/assignments";

    private final DatabaseOffsetStore offsets;

    private final String topic;

    ConsumerAssignmentsController(DatabaseOffsetStore offsets, String topic) {
        this.offsets = offsets;
        this.topic = topic;
    }

    record AssignmentsResponse(String group, String instanceId, String topic, List<Integer> partitions) {
    }

    @GetMapping(PATH)
    AssignmentsResponse assignments() {
        return new AssignmentsResponse(offsets.consumerGroup(), offsets.ownerId(), topic,
                offsets.ownedPartitions(topic));
    }
}
