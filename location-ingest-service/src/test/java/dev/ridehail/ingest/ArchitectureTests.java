package dev.ridehail.ingest;

import dev.ridehail.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTests {

    @Test
    void shouldKeepTheProjectsArchitectureRules() {
        ArchitectureRules.checkService("dev.ridehail.ingest");
    }

    @Test
    void shouldKeepTheContractFreeOfOurCodeAndOfFrameworks() {
        ArchitectureRules.checkContract();
    }
}
