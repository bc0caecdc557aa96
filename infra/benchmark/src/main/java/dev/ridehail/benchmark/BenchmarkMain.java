package dev.ridehail.benchmark;

import dev.ridehail.loadgen.LoadGenMain;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * {@code infra/benchmark/run.sh [--quick] [--duration 10s] [--p99-bound-ms 100] [--out DIR] [--postgres HOST:PORT]
 * [--drain-updates N] [--drain-only]}.
 * Exit status 0 only if every scenario's count check passed (rows == acknowledged, nothing lost, no duplicates); the
 * quick mode asserts nothing else, never speed.
 */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        var options = new java.util.HashMap<String, String>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> options.put("quick", "true");
                case "--drain-only" -> options.put("drain-only", "true");
                case "--duration", "--p99-bound-ms", "--out", "--postgres", "--root", "--render", "--drain-updates" -> options.put(args[i].substring(2),
                        args[++i]);
                case "--help", "-h" -> {
                    System.out.println("Usage: run.sh [--quick] [--duration 10s] [--p99-bound-ms 100] [--out DIR] "
                            + "[--postgres HOST:PORT (no dedicated cluster, no outage)] "
                            + "[--drain-updates N (scenario 4, 0 skips it)] [--drain-only] | --render DIR");
                    return;
                }
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        if (options.containsKey("render")) {
            // re-render report.md and the charts from a run's results.json (after a change to the report only)
            Path dir = Path.of(options.get("render"));
            Report.write(readResults(dir.resolve("results.json")), dir);
            return;
        }
        Path root = Path.of(options.getOrDefault("root", ".")).toAbsolutePath().normalize();
        boolean quick = options.containsKey("quick");
        Path out = options.containsKey("out") ? Path.of(options.get("out"))
                : quick ? root.resolve("infra/benchmark/target/quick")
                        : root.resolve("docs/benchmarks").resolve(LocalDate.now(ZoneOffset.UTC).toString());
        BenchmarkConfig config = quick ? BenchmarkConfig.quick(root, out)
                : BenchmarkConfig.full(root, out, LoadGenMain.duration(options.getOrDefault("duration", "10s")));
        if (!quick && options.containsKey("duration")) {
            config = config.withStepDuration(LoadGenMain.duration(options.get("duration")));
        }
        if (options.containsKey("p99-bound-ms")) {
            config = config.withP99Bound(Double.parseDouble(options.get("p99-bound-ms")));
        }
        if (options.containsKey("drain-updates")) {
            config = config.withDrainUpdates(Integer.parseInt(options.get("drain-updates")));
        }
        if (options.containsKey("drain-only")) {
            config = config.withDrainOnly();
        }
        if (options.containsKey("postgres")) {
            String[] hostPort = options.get("postgres").split(":");
            config = config.withExternalPostgres(hostPort[0], Integer.parseInt(hostPort[1]));
        }
        Results results = new Benchmark(config).run();
        LoadGenMain.writeJson(out.resolve("results.json"), results);
        Report.write(results, out);
        boolean passed = Report.checks(results).stream().allMatch(c -> c.getValue().passed());
        System.err.println("[benchmark] report: " + out.resolve("report.md") + " — count checks "
                + (passed ? "passed" : "FAILED"));
        System.exit(passed ? 0 : 1);
    }

    /** A run's results.json, also one written before a field was added (it reads as 0) or after one was dropped. */
    static Results readResults(Path file) {
        return tools.jackson.databind.json.JsonMapper.builder()
            .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build()
            .readValue(file.toFile(), Results.class);
    }
}
