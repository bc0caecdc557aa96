package dev.ridehail.rider;

import dev.ridehail.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTests {

    @Test
    void shouldKeepTheProjectsArchitectureRules() {
        ArchitectureRules.checkService("dev.ridehail.rider");
    }

    @Test
    void shouldKeepTheContractFreeOfOurCodeAndOfFrameworks() {
        ArchitectureRules.checkContract();
    }
}
