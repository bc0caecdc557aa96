package dev.ridehail.trip;

import dev.ridehail.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTests {

    @Test
    void shouldKeepTheProjectsArchitectureRules() {
        ArchitectureRules.checkService("dev.ridehail.trip");
    }

    @Test
    void shouldKeepTheContractFreeOfOurCodeAndOfFrameworks() {
        ArchitectureRules.checkContract();
    }
}
