package dev.ridehail.processes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** CPU time of a process and its children from {@code /proc} (Linux only). */
public final class ProcessCpu {

    private static final double USER_HZ = 100.0; // clock ticks per second on Linux

    private ProcessCpu() {
    }

    /**
     * CPU seconds (user + system) used by {@code pid}, its live children and, through its cutime/cstime, the children
     * that already exited: for a PostgreSQL postmaster that is the whole server (backends, checkpointer, WAL writer,
     * autovacuum).
     */
    public static double secondsWithChildren(long pid) {
        List<long[]> all = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(proc -> {
                long[] stat = stat(proc);
                if (stat != null) {
                    all.add(stat);
                }
            });
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot read the processes' CPU time from /proc", ex);
        }
        long ticks = 0;
        for (long[] stat : all) {
            if (stat[0] == pid) {
                ticks += stat[2] + stat[3] + stat[4] + stat[5];
            }
            else if (stat[1] == pid) {
                ticks += stat[2] + stat[3];
            }
        }
        return ticks / USER_HZ;
    }

    /** CPU seconds (user + system) used by {@code pid} itself so far, or 0 when it is gone. */
    public static double seconds(long pid) {
        long[] stat = stat(Path.of("/proc", Long.toString(pid)));
        return stat == null ? 0 : (stat[2] + stat[3]) / USER_HZ;
    }

    /** {pid, ppid, utime, stime, cutime, cstime} or null when the process went away. */
    private static long[] stat(Path proc) {
        try {
            String text = Files.readString(proc.resolve("stat"));
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state ppid ... utime(11) stime(12) cutime(13) cstime(14), 0-based from state
            return new long[] { Long.parseLong(proc.getFileName().toString()), Long.parseLong(fields[1]),
                    Long.parseLong(fields[11]), Long.parseLong(fields[12]), Long.parseLong(fields[13]),
                    Long.parseLong(fields[14]) };
        }
        catch (IOException | RuntimeException ex) {
            return null;
        }
    }
}
