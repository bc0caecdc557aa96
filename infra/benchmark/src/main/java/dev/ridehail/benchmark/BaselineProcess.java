package dev.ridehail.benchmark;

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
 * The direct baseline ({@code infra/direct-baseline}) as its own JVM, started like the local stack starts the services
 * (same JVM options, configuration only through environment variables), so both paths pay the same process costs.
 */
final class BaselineProcess implements AutoCloseable {

    private final Process process;

    private final int port;

    private final Path log;

    private BaselineProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static BaselineProcess start(Path projectRoot, int port, String dbUrl, String user, String password,
            List<String> jvmOptions, Path log) {
        Path jar = projectRoot.resolve("infra/direct-baseline/target/direct-baseline.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Missing " + jar + ": build it with ./mvnw -B -q -DskipTests package");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment()
            .putAll(Map.of("SERVER_PORT", Integer.toString(port), "DB_URL", dbUrl, "DB_USERNAME", user, "DB_PASSWORD",
                    password));
        try {
            Files.createDirectories(log.getParent());
            BaselineProcess baseline = new BaselineProcess(builder.start(), port, log);
            Runtime.getRuntime().addShutdownHook(new Thread(baseline.process::destroyForcibly));
            baseline.awaitHealthy(Duration.ofSeconds(180));
            return baseline;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitHealthy(Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("direct-baseline exited; see " + log);
            }
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            }
            catch (IOException ex) {
                // not listening yet
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
            PostgresServer.sleep(500);
        }
        throw new IllegalStateException("direct-baseline not healthy within " + timeout + "; see " + log);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
