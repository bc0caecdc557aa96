package dev.ridehail.localstack;

import dev.ridehail.kafkabroker.ChildProcesses;
import dev.ridehail.kafkabroker.ProcessSignals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One service instance as its own JVM: the module's Boot jar, configured only through environment variables (the same
 * ones docker-compose.yml sets). Start, wait for health, stop gracefully, kill -9, freeze/thaw, restart.
 */
public final class ServiceProcess {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(40);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ServiceKind kind;

    private final int instance;

    private final int port;

    private final Path jar;

    private final Map<String, String> environment;

    private final List<String> jvmOptions;

    private final Path logFile;

    private volatile Process process;

    ServiceProcess(ServiceKind kind, int instance, int port, Path jar, Map<String, String> environment,
            List<String> jvmOptions, Path logFile) {
        this.kind = kind;
        this.instance = instance;
        this.port = port;
        this.jar = jar;
        this.environment = Map.copyOf(environment);
        this.jvmOptions = List.copyOf(jvmOptions);
        this.logFile = logFile;
    }

    /** Launches the JVM; does not wait for it to be ready (see {@link #awaitHealthy(Duration)}). */
    public synchronized ServiceProcess start() {
        if (isAlive()) {
            throw new IllegalStateException(name() + " is already running with pid " + pid());
        }
        List<String> command = new ArrayList<>(ProcessSignals.ownSessionPrefix());
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(logFile.getParent());
            process = builder.start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not launch " + name(), ex);
        }
        return this;
    }

    /** Waits until {@code /actuator/health/readiness} answers UP; fails early if the process exits. */
    public void awaitHealthy(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Process current = process;
            if (current == null || !current.isAlive()) {
                throw new IllegalStateException(name() + " exited"
                        + (current != null ? " with status " + current.exitValue() : "") + " before it was healthy;"
                        + " log " + logFile + ", last lines:\n" + ChildProcesses.logTail(logFile, 40));
            }
            if (healthy()) {
                return;
            }
            ChildProcesses.sleep(Duration.ofMillis(500));
        }
        throw new IllegalStateException(name() + " was not healthy within " + timeout + "; log " + logFile
                + ", last lines:\n" + ChildProcesses.logTail(logFile, 40));
    }

    public boolean healthy() {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness"))
                        .timeout(Duration.ofSeconds(3))
                        .GET()
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        }
        catch (IOException ex) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGTERM (Spring's graceful shutdown: consumers leave their group), SIGKILL after 40 s. */
    public synchronized void stop() {
        Process current = process;
        if (current == null || !current.isAlive()) {
            return;
        }
        resume();
        current.destroy();
        ChildProcesses.waitForExit(current, STOP_TIMEOUT);
        if (current.isAlive()) {
            current.destroyForcibly();
            ChildProcesses.waitForExit(current, STOP_TIMEOUT);
        }
    }

    /** kill -9: the instance vanishes without leaving its consumer group (the group notices by session timeout). */
    public synchronized void kill() {
        Process current = process;
        if (current != null && current.isAlive()) {
            current.destroyForcibly();
            ChildProcesses.waitForExit(current, STOP_TIMEOUT);
        }
    }

    public void pause() {
        Process current = process;
        if (current != null && current.isAlive()) {
            ProcessSignals.send(current.pid(), "STOP");
        }
    }

    public void resume() {
        Process current = process;
        if (current != null && current.isAlive()) {
            ProcessSignals.send(current.pid(), "CONT");
        }
    }

    /** Stops gracefully, starts again with the same port and settings, and waits for health. */
    public ServiceProcess restart(Duration healthTimeout) {
        stop();
        start();
        awaitHealthy(healthTimeout);
        return this;
    }

    public long pid() {
        Process current = process;
        if (current == null) {
            throw new IllegalStateException(name() + " was never started");
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

    /** {@code trip-service-1}, {@code trip-service-2}, ... */
    public String name() {
        return kind.module() + "-" + instance;
    }

    public ServiceKind kind() {
        return kind;
    }

    public int instance() {
        return instance;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Path logFile() {
        return logFile;
    }

    public Map<String, String> environment() {
        return environment;
    }
}
