package dev.ridehail.processes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Delivers signals, but only to processes this JVM started and registered ({@link ChildProcess} and
 * {@link PostgresCluster} register theirs): a fault must never hit a process we do not own (another engineer's
 * service, the shared PostgreSQL on 5432).
 */
public final class Signals {

    /** The signals the launchers and the fault suite use. */
    public enum Signal {

        /** The graceful stop a process manager sends. */
        TERM,
        /** No shutdown hook, no flush, no goodbye to the consumer group: a power cut or the OOM killer. */
        KILL,
        /** The process keeps its sockets but answers nothing, as in a long GC pause. */
        STOP,
        /** Continues after {@link #STOP}. */
        CONT
    }

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private static final Set<Long> OWNED = ConcurrentHashMap.newKeySet();

    private Signals() {
    }

    /** Marks a process as started by this JVM, so signals may be delivered to it. */
    public static void own(long pid) {
        OWNED.add(pid);
    }

    public static void disown(long pid) {
        OWNED.remove(pid);
    }

    public static boolean owns(long pid) {
        return OWNED.contains(pid);
    }

    /** {@code kill -<signal> <pid>}; refuses a pid that was not registered with {@link #own(long)}. */
    public static void send(long pid, Signal signal) {
        if (!OWNED.contains(pid)) {
            throw new IllegalArgumentException("Refusing to signal pid " + pid + ": this JVM did not start it");
        }
        Commands.runOrFail(List.of("kill", "-" + signal.name(), Long.toString(pid)), Duration.ofSeconds(10));
    }

    /**
     * Prefix for a child's command line that puts it in its own session, so a Ctrl-C in the launcher's terminal
     * reaches only the launcher, which then stops the children in order (services before the broker). setsid execs
     * in place, so the child's pid is the real program's pid.
     */
    public static List<String> ownSessionPrefix() {
        return Files.isExecutable(SETSID) ? List.of(SETSID.toString()) : List.of();
    }
}
