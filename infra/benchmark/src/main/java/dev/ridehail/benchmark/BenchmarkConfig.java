package dev.ridehail.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What one run does. {@link #quick(Path, Path)} is the CI smoke run (correctness only, a few seconds per path);
 * {@link #full(Path, Path, Duration)} the committed benchmark.
 */
record BenchmarkConfig(Path projectRoot, Path outputDirectory, boolean quick, Duration stepDuration,
        double p99BoundMs, List<Double> directRates, List<Double> singleRates, List<Double> batchRates,
        Duration costDuration, double burstFactor, Duration burstDuration, Duration outageLead,
        Duration outageLength, Duration outageTail, Duration freshnessDuration, Duration drainTimeout, int pgPort,
        boolean useDedicatedCluster, String externalPostgresHost, int externalPostgresPort, int drainUpdates,
        boolean drainOnly) {

    static BenchmarkConfig full(Path root, Path output, Duration step) {
        return new BenchmarkConfig(root, output, false, step, 100,
                List.of(250.0, 500.0, 1000.0, 1500.0, 2000.0, 3000.0, 4000.0, 6000.0, 8000.0, 12000.0),
                List.of(250.0, 500.0, 1000.0, 1500.0, 2000.0, 3000.0, 4000.0, 6000.0, 8000.0, 12000.0, 16000.0,
                        24000.0),
                // finer around 10x the direct path's usual 1,000-2,000/s, where the comparison is decided
                List.of(2000.0, 5000.0, 10000.0, 15000.0, 20000.0, 25000.0, 30000.0, 40000.0, 60000.0, 80000.0,
                        120000.0, 160000.0, 240000.0),
                Duration.ofSeconds(20), 3, Duration.ofSeconds(20), Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(240), 5544, true, "127.0.0.1", 5432,
                500_000, false);
    }

    static BenchmarkConfig quick(Path root, Path output) {
        return new BenchmarkConfig(root, output, true, Duration.ofSeconds(5), 10_000, List.of(200.0), List.of(200.0),
                List.of(2000.0), Duration.ofSeconds(5), 2, Duration.ofSeconds(5), Duration.ofSeconds(3),
                Duration.ofSeconds(6), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(90), 5544, true,
                "127.0.0.1", 5432, 5_000, false);
    }

    BenchmarkConfig withStepDuration(Duration step) {
        return new BenchmarkConfig(projectRoot, outputDirectory, quick, step, p99BoundMs, directRates, singleRates,
                batchRates, costDuration, burstFactor, burstDuration, outageLead, outageLength, outageTail,
                freshnessDuration, drainTimeout, pgPort, useDedicatedCluster, externalPostgresHost,
                externalPostgresPort, drainUpdates, drainOnly);
    }

    BenchmarkConfig withP99Bound(double boundMs) {
        return new BenchmarkConfig(projectRoot, outputDirectory, quick, stepDuration, boundMs, directRates,
                singleRates, batchRates, costDuration, burstFactor, burstDuration, outageLead, outageLength,
                outageTail, freshnessDuration, drainTimeout, pgPort, useDedicatedCluster, externalPostgresHost,
                externalPostgresPort, drainUpdates, drainOnly);
    }

    /** Updates pre-loaded for the drain scenario (trip-service vs Kafka Connect); 0 skips it. */
    BenchmarkConfig withDrainUpdates(int updates) {
        return new BenchmarkConfig(projectRoot, outputDirectory, quick, stepDuration, p99BoundMs, directRates,
                singleRates, batchRates, costDuration, burstFactor, burstDuration, outageLead, outageLength,
                outageTail, freshnessDuration, drainTimeout, pgPort, useDedicatedCluster, externalPostgresHost,
                externalPostgresPort, updates, drainOnly);
    }

    /** Only scenario 4 (trip-service vs Kafka Connect draining a pre-loaded backlog): no ladders, no load. */
    BenchmarkConfig withDrainOnly() {
        return new BenchmarkConfig(projectRoot, outputDirectory, quick, stepDuration, p99BoundMs, directRates,
                singleRates, batchRates, costDuration, burstFactor, burstDuration, outageLead, outageLength,
                outageTail, freshnessDuration, drainTimeout, pgPort, useDedicatedCluster, externalPostgresHost,
                externalPostgresPort, drainUpdates, true);
    }

    BenchmarkConfig withExternalPostgres(String host, int port) {
        return new BenchmarkConfig(projectRoot, outputDirectory, quick, stepDuration, p99BoundMs, directRates,
                singleRates, batchRates, costDuration, burstFactor, burstDuration, outageLead, outageLength,
                outageTail, freshnessDuration, drainTimeout, pgPort, false, host, port, drainUpdates, drainOnly);
    }
}
