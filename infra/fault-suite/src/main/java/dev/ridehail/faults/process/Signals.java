package dev.ridehail.faults.process;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Delivers signals, but only to processes the harness itself started and registered: a fault test must never hit a
 * process it does not own (another engineer's service, the shared PostgreSQL on 5432).
 */
public final class Signals {

    private static final Set<Long> OWNED = ConcurrentHashMap.newKeySet();

    private Signals() {
    }

    /** Marks a process as started by this harness, so faults may be delivered to it. */
    public static void own(long pid) {
        OWNED.add(pid);
    }

    public static void disown(long pid) {
        OWNED.remove(pid);
    }

    public static boolean owns(long pid) {
        return OWNED.contains(pid);
    }

    /** kill -KILL: no shutdown hook, no flush, no goodbye to the consumer group. */
    public static void kill(long pid) {
        send(pid, "KILL");
    }

    /** kill -STOP: the process keeps its sockets but answers nothing, as in a long GC pause. */
    public static void freeze(long pid) {
        send(pid, "STOP");
    }

    /** kill -CONT after {@link #freeze}. */
    public static void thaw(long pid) {
        send(pid, "CONT");
    }

    /** kill -TERM: the graceful stop a process manager sends. */
    public static void terminate(long pid) {
        send(pid, "TERM");
    }

    public static void send(long pid, String signal) {
        if (!OWNED.contains(pid)) {
            throw new IllegalArgumentException("Refusing to signal pid " + pid + ": the fault harness did not start it");
        }
        Commands.runOrFail(List.of("kill", "-" + signal, Long.toString(pid)), Duration.ofSeconds(10));
    }
}
