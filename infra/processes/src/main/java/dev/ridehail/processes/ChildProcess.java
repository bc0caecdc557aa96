package dev.ridehail.processes;

import dev.ridehail.processes.Signals.Signal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One child process (a JVM or any command) with its output appended to a log file: start, wait until a readiness
 * check passes (bounded, with the log's last lines in the error), stop gracefully (SIGTERM, SIGKILL after a bound),
 * kill -9, freeze and thaw (SIGSTOP/SIGCONT), and start again with the same command. Every launcher of the project
 * (Kafka broker, services, direct baseline, Kafka Connect) is one of these.
 *
 * <pre>{@code
 * ChildProcess broker = ChildProcess.java("kafka-broker", List.of("-cp", classpath, main), log).inOwnSession();
 * broker.start().awaitReady("answering", Duration.ofMinutes(2), Duration.ofMillis(250), this::answers);
 * broker.kill();
 * broker.start(); // same command, same log file
 * }</pre>
 */
public final class ChildProcess {

    private static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(40);

    private static final int LOG_TAIL_LINES = 40;

    private final String name;

    private final List<String> command;

    private final Map<String, String> environment;

    private final Path logFile;

    private final boolean ownSession;

    private final Duration stopTimeout;

    private final boolean stopOnJvmExit;

    private volatile Process process;

    private boolean hookRegistered;

    private ChildProcess(String name, List<String> command, Map<String, String> environment, Path logFile,
            boolean ownSession, Duration stopTimeout, boolean stopOnJvmExit) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.logFile = logFile.toAbsolutePath();
        this.ownSession = ownSession;
        this.stopTimeout = stopTimeout;
        this.stopOnJvmExit = stopOnJvmExit;
    }

    /** Any command; {@code name} is what error messages call it. */
    public static ChildProcess command(String name, List<String> command, Path logFile) {
        return new ChildProcess(name, command, Map.of(), logFile, false, DEFAULT_STOP_TIMEOUT, false);
    }

    /** A JVM run by this JVM's own {@code java} binary, so parent and child always share one JDK. */
    public static ChildProcess java(String name, List<String> arguments, Path logFile) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(arguments);
        return command(name, command, logFile);
    }

    /** Same process with these variables added to the inherited environment. */
    public ChildProcess withEnvironment(Map<String, String> variables) {
        Map<String, String> merged = new HashMap<>(environment);
        merged.putAll(variables);
        return new ChildProcess(name, command, merged, logFile, ownSession, stopTimeout, stopOnJvmExit);
    }

    /**
     * Same process in its own session ({@code setsid}), so a Ctrl-C in the launcher's terminal reaches only the
     * launcher, which then stops its children in its own order.
     */
    public ChildProcess inOwnSession() {
        return new ChildProcess(name, command, environment, logFile, true, stopTimeout, stopOnJvmExit);
    }

    /** Same process, another bound on the graceful stop before SIGKILL. */
    public ChildProcess withStopTimeout(Duration timeout) {
        return new ChildProcess(name, command, environment, logFile, ownSession, timeout, stopOnJvmExit);
    }

    /**
     * Same process, stopped by a JVM shutdown hook (registered on first start): an orphaned child would keep its
     * ports and data directory after the launcher exits.
     */
    public ChildProcess stoppedOnJvmExit() {
        return new ChildProcess(name, command, environment, logFile, ownSession, stopTimeout, true);
    }

    /** Launches the command; does not wait for it to be ready (see {@link #awaitReady}). */
    public synchronized ChildProcess start() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running with pid " + pid());
        }
        if (stopOnJvmExit && !hookRegistered) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::stop, name + "-reaper"));
            hookRegistered = true;
        }
        List<String> full = new ArrayList<>(ownSession ? Signals.ownSessionPrefix() : List.of());
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(logFile.getParent());
            Process started = builder.start();
            long pid = started.pid();
            Signals.own(pid);
            // a pid is reused by the OS once the process is gone: it must not stay signalable
            started.onExit().thenRun(() -> Signals.disown(pid));
            process = started;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not launch " + name, ex);
        }
        return this;
    }

    /**
     * Polls {@code ready} every {@code poll} until it answers true; fails early, with the log's last lines, if the
     * process exits, and fails the same way after {@code timeout} (the process is left running: the caller decides).
     *
     * @param condition what readiness means, for the error message ("healthy", "RUNNING")
     */
    public ChildProcess awaitReady(String condition, Duration timeout, Duration poll, BooleanSupplier ready) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Process current = process;
            if (current == null || !current.isAlive()) {
                throw new IllegalStateException(name + " exited"
                        + (current != null ? " with status " + current.exitValue() : "") + " before it was "
                        + condition + "; log " + logFile + ", last lines:\n" + logTail(LOG_TAIL_LINES));
            }
            if (ready.getAsBoolean()) {
                return this;
            }
            sleep(poll);
        }
        throw new IllegalStateException(name + " was not " + condition + " within " + timeout + "; log " + logFile
                + ", last lines:\n" + logTail(LOG_TAIL_LINES));
    }

    /** SIGCONT (a frozen process cannot run its shutdown hook), SIGTERM, SIGKILL after the stop timeout. */
    public synchronized void stop() {
        Process current = process;
        if (current == null || !current.isAlive()) {
            return;
        }
        resume();
        current.destroy();
        waitForExit(stopTimeout);
        if (current.isAlive()) {
            current.destroyForcibly();
            waitForExit(stopTimeout);
        }
    }

    /** kill -9 and wait until it is gone. */
    public synchronized void kill() {
        Process current = process;
        if (current != null && current.isAlive()) {
            current.destroyForcibly();
            waitForExit(stopTimeout);
        }
    }

    /** SIGSTOP: the process stays alive and keeps its sockets open but answers nothing. */
    public void pause() {
        signal(Signal.STOP);
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        signal(Signal.CONT);
    }

    /** Waits up to {@code timeout} for the process to end; true if it has. An interrupt ends the wait and is kept. */
    public boolean waitForExit(Duration timeout) {
        Process current = process;
        if (current == null) {
            return true;
        }
        try {
            return current.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return !current.isAlive();
        }
    }

    public long pid() {
        Process current = process;
        if (current == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return current.pid();
    }

    public boolean isAlive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /** Exit status once the process has ended, else -1. */
    public int exitValue() {
        Process current = process;
        return current != null && !current.isAlive() ? current.exitValue() : -1;
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return logFile;
    }

    /** The last {@code lines} lines of the log file, for error messages. */
    public String logTail(int lines) {
        try {
            // lenient decoding: a log with a stray byte must still give its tail
            List<String> all = new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        }
        catch (IOException ex) {
            return "(no log at " + logFile + ")";
        }
    }

    /** Sleeps between polls; an interrupt aborts the wait. */
    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private void signal(Signal signal) {
        Process current = process;
        if (current != null && current.isAlive()) {
            Signals.send(current.pid(), signal);
        }
    }
}
