package dev.ridehail.rider.consumer;

import dev.ridehail.rider.RiderIntegrationTest;
import dev.ridehail.rider.RiderTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@RiderIntegrationTest
class ConsumerAssignmentsTests {

    @Autowired
    RiderTestSupport.Api api;

    @Test
    void shouldListEveryPartitionWhenThisIsTheOnlyInstance() {
        await().atMost(Duration.ofSeconds(30))
            .until(() -> api.get("/api/v1/consumer/assignments").json().path("partitions").size() == 6);

        JsonNode body = api.get("/api/v1/consumer/assignments").json();

        assertThat(body.path("group").asString()).isEqualTo("rider-service");
        assertThat(body.path("topic").asString()).isEqualTo("rider-updates");
        assertThat(body.path("instanceId").asString()).endsWith("-" + ProcessHandle.current().pid());
        List<Integer> partitions = new ArrayList<>();
        body.path("partitions").forEach(p -> partitions.add(p.asInt()));
        assertThat(partitions).containsExactly(0, 1, 2, 3, 4, 5);
    }
}
