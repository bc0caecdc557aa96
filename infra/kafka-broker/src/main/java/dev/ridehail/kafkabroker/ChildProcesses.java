package dev.ridehail.kafkabroker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Small helpers every launcher of child JVMs needs (the broker here, the services in the local stack): bounded waits
 * and the last lines of a child's log for error messages.
 */
public final class ChildProcesses {

    private ChildProcesses() {
    }

    /** Waits up to {@code timeout} for the process to end; an interrupt ends the wait and is kept. */
    public static void waitForExit(Process process, Duration timeout) {
        try {
            process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sleeps between polls of a starting child; an interrupt aborts the start. */
    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** The last {@code lines} lines of a child's log file, for error messages. */
    public static String logTail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        }
        catch (IOException ex) {
            return "(no log at " + file + ")";
        }
    }
}
