package dev.ridehail.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's 1, 5 and 15 minute load averages, printed with every measurement: a busy machine explains tails. */
final class LoadAverage {

    private static final Path PROC_LOADAVG = Path.of("/proc/loadavg");

    private LoadAverage() {
    }

    /** For example {@code "0.42 0.37 0.30"}, or {@code "unavailable"} where there is no {@code /proc/loadavg}. */
    static String now() {
        try {
            String[] fields = Files.readString(PROC_LOADAVG).trim().split("\\s+");
            return fields.length < 3 ? "unavailable" : fields[0] + " " + fields[1] + " " + fields[2];
        }
        catch (IOException ex) {
            return "unavailable";
        }
    }
}
