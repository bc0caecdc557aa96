package dev.ridehail.connectsink;

import dev.ridehail.processes.ChildProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka Connect in standalone mode ({@code org.apache.kafka.connect.cli.ConnectStandalone}) with one Debezium JDBC
 * sink connector, as its own JVM on the class path this module assembles in {@code target/lib}: start and wait until
 * every task is RUNNING (or PAUSED) through Connect's REST API, pause and resume the connector, stop.
 *
 * <pre>{@code
 * try (ConnectSinkProcess sink = ConnectSinkProcess.start(libDir, workDir, settings, true)) {
 *     // publish, or measure something first: the paused tasks hold their partitions but consume nothing
 *     sink.resume();
 * }
 * }</pre>
 */
public final class ConnectSinkProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(40);

    private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([A-Z]+)\"");

    private static final Pattern TRACE = Pattern.compile("\"trace\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.){0,2000})");

    private final SinkSettings settings;

    private final Path logFile;

    private final ChildProcess process;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ConnectSinkProcess(SinkSettings settings, Path logFile, ChildProcess process) {
        this.settings = settings;
        this.logFile = logFile;
        this.process = process;
    }

    /**
     * Writes the configuration into {@code workDirectory}, launches the worker and returns once the connector and all
     * its tasks are RUNNING, or once the connector is PAUSED when {@code startPaused}: then its tasks are created,
     * join the group and consume only after {@link #resume()}.
     *
     * @param libDirectory this module's {@code target/lib} (or a copy of it)
     */
    public static ConnectSinkProcess start(Path libDirectory, Path workDirectory, SinkSettings settings,
            boolean startPaused) {
        if (!Files.isRegularFile(libDirectory.resolve("connect-runtime-" + kafkaVersion(libDirectory) + ".jar"))) {
            throw new IllegalStateException("No Kafka Connect class path in " + libDirectory
                    + ": build it with ./mvnw -B -q -pl infra/connect-sink -am -DskipTests package");
        }
        Path worker = SinkConfigFiles.worker(workDirectory, settings);
        Path connector = SinkConfigFiles.connectorJson(workDirectory, settings, startPaused);
        Path logback = SinkConfigFiles.logback(workDirectory);
        Path logFile = workDirectory.resolve(settings.connectorName() + ".log");
        // An orphaned worker would keep its REST port and its sink tasks after the owning JVM exits.
        ChildProcess process = ChildProcess
            .java("Kafka Connect", List.of("-Xms128m", "-Xmx" + settings.heapMb() + "m", "-XX:+ExitOnOutOfMemoryError",
                    "-Dlogback.configurationFile=" + logback, "-cp", libDirectory.toAbsolutePath() + "/*",
                    "org.apache.kafka.connect.cli.ConnectStandalone", worker.toString(), connector.toString()),
                    logFile)
            .withStopTimeout(STOP_TIMEOUT)
            .stoppedOnJvmExit()
            .start();
        ConnectSinkProcess sink = new ConnectSinkProcess(settings, logFile, process);
        try {
            sink.awaitState(startPaused ? "PAUSED" : "RUNNING", START_TIMEOUT);
        }
        catch (RuntimeException ex) {
            sink.stop();
            throw ex;
        }
        return sink;
    }

    /** Stops consuming (the tasks keep their partitions and their place); REST {@code PUT .../pause}. */
    public void pause() {
        put("/pause");
        awaitState("PAUSED", Duration.ofSeconds(60));
    }

    /** Consumes again from where it stopped; REST {@code PUT .../resume}. */
    public void resume() {
        put("/resume");
        awaitState("RUNNING", Duration.ofSeconds(60));
    }

    /** The connector's status as Connect's REST API returns it (JSON). */
    public String status() {
        return get("/status");
    }

    public long pid() {
        return process.pid();
    }

    public SinkSettings settings() {
        return settings;
    }

    public Path logFile() {
        return logFile;
    }

    /** SIGTERM (Connect stops the tasks, which commit their offsets), SIGKILL after 40 s. */
    public void stop() {
        process.stop();
    }

    @Override
    public void close() {
        stop();
    }

    private void awaitState(String wanted, Duration timeout) {
        String[] last = { "(no answer)" };
        try {
            process.awaitReady("reporting connector " + settings.connectorName() + " " + wanted, timeout,
                    Duration.ofMillis(250), () -> {
                        String body = tryGet("/status");
                        if (body == null) {
                            return false;
                        }
                        last[0] = body;
                        return reached(wanted, body);
                    });
        }
        catch (ConnectorFailedException ex) {
            throw ex;
        }
        catch (IllegalStateException ex) {
            // exited or timed out: what Connect said last explains more than the log tail alone
            throw new IllegalStateException(ex.getMessage() + "\nlast status " + last[0], ex);
        }
    }

    private boolean reached(String wanted, String body) {
        List<String> states = states(body);
        if (states.contains("FAILED")) {
            Matcher trace = TRACE.matcher(body);
            throw new ConnectorFailedException("Connector " + settings.connectorName() + " failed: "
                    + (trace.find() ? trace.group(1).replace("\\n", "\n").replace("\\t", "\t") : body));
        }
        // the first state is the connector's, then one per task; a connector created PAUSED has no tasks until it
        // is resumed
        boolean allTasks = states.size() == settings.tasks() + 1 || ("PAUSED".equals(wanted) && states.size() == 1);
        return allTasks && states.stream().allMatch(wanted::equals);
    }

    static List<String> states(String statusJson) {
        List<String> states = new ArrayList<>();
        Matcher matcher = STATE.matcher(statusJson);
        while (matcher.find()) {
            states.add(matcher.group(1));
        }
        return states;
    }

    private URI uri(String suffix) {
        return URI.create("http://127.0.0.1:" + settings.restPort() + "/connectors/" + settings.connectorName()
                + suffix);
    }

    private String tryGet(String suffix) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(uri(suffix)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        }
        catch (IOException ex) {
            return null; // REST server not up yet
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private String get(String suffix) {
        String body = tryGet(suffix);
        if (body == null) {
            throw new IllegalStateException("Kafka Connect did not answer GET " + uri(suffix));
        }
        return body;
    }

    private void put(String suffix) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(suffix))
                .timeout(Duration.ofSeconds(10))
                .PUT(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("PUT " + uri(suffix) + ": " + response.statusCode() + " "
                        + response.body());
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("PUT " + uri(suffix), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static String kafkaVersion(Path libDirectory) {
        try (var files = Files.list(libDirectory)) {
            return files.map(p -> p.getFileName().toString())
                .filter(n -> n.startsWith("connect-runtime-") && n.endsWith(".jar"))
                .map(n -> n.substring("connect-runtime-".length(), n.length() - ".jar".length()))
                .findFirst()
                .orElse("missing");
        }
        catch (IOException ex) {
            return "missing";
        }
    }

    /** A task or the connector itself reported FAILED: Connect's own trace says why. */
    private static final class ConnectorFailedException extends IllegalStateException {

        ConnectorFailedException(String message) {
            super(message);
        }
    }
}
