package dev.ridehail.kafkabroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Operating-system process helpers shared by the broker and the local stack's service processes. */
public final class ProcessSignals {

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private ProcessSignals() {
    }

    /**
     * Prefix for a child's command line that puts it in its own session, so a Ctrl-C in the launcher's terminal
     * reaches only the launcher, which then stops the children in order (services before the broker). setsid execs
     * in place, so the child's pid is the real JVM's pid.
     */
    public static List<String> ownSessionPrefix() {
        return Files.isExecutable(SETSID) ? List.of(SETSID.toString()) : List.of();
    }

    /** Sends a signal by name (STOP, CONT, TERM, KILL) to a pid. */
    public static void send(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
