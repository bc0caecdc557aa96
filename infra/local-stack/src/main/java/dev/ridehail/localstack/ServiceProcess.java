package dev.ridehail.localstack;

import dev.ridehail.processes.ChildProcess;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
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

    private final Map<String, String> environment;

    private final Path logFile;

    private final ChildProcess process;

    ServiceProcess(ServiceKind kind, int instance, int port, Path jar, Map<String, String> environment,
            List<String> jvmOptions, Path logFile) {
        this.kind = kind;
        this.instance = instance;
        this.port = port;
        this.environment = Map.copyOf(environment);
        this.logFile = logFile;
        List<String> arguments = new ArrayList<>(jvmOptions);
        arguments.addAll(List.of("-jar", jar.toString()));
        this.process = ChildProcess.java(name(), arguments, logFile)
            .withEnvironment(environment)
            .inOwnSession()
            .withStopTimeout(STOP_TIMEOUT);
    }

    /** Launches the JVM; does not wait for it to be ready (see {@link #awaitHealthy(Duration)}). */
    public ServiceProcess start() {
        process.start();
        return this;
    }

    /**
     * Waits until {@code /readyz} answers UP; fails early if the process exits. The probe is open and stays on the
     * service port even when the actuator has a port of its own.
     */
    public void awaitHealthy(Duration timeout) {
        process.awaitReady("healthy", timeout, Duration.ofMillis(500), this::healthy);
    }

    public boolean healthy() {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + "/readyz"))
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
    public void stop() {
        process.stop();
    }

    /** kill -9: the instance vanishes without leaving its consumer group (the group notices by session timeout). */
    public void kill() {
        process.kill();
    }

    public void pause() {
        process.pause();
    }

    public void resume() {
        process.resume();
    }

    /** Stops gracefully, starts again with the same port and settings, and waits for health. */
    public ServiceProcess restart(Duration healthTimeout) {
        stop();
        start();
        awaitHealthy(healthTimeout);
        return this;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Exit status once the process has ended, else -1. */
    public int exitValue() {
        return process.exitValue();
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

    /** Where the actuator listens: its own port when {@code MANAGEMENT_PORT} is set, else the service port. */
    public String managementUrl() {
        String management = environment.get("MANAGEMENT_PORT");
        return management == null || management.isBlank() ? baseUrl() : "http://127.0.0.1:" + management;
    }

    public Path logFile() {
        return logFile;
    }

    public Map<String, String> environment() {
        return environment;
    }
}
