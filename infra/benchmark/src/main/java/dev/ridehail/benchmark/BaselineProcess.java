package dev.ridehail.benchmark;

import dev.ridehail.processes.ChildProcess;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The direct baseline ({@code infra/direct-baseline}) as its own JVM, started like the local stack starts the services
 * (same JVM options, configuration only through environment variables), so both paths pay the same process costs. It
 * checks the same bearer tokens as ingest: those of ingest's demo issuer, through its JWKS, as trip-service does.
 */
final class BaselineProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ChildProcess process;

    private final int port;

    private BaselineProcess(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * @param demoIssuer the issuer whose tokens the baseline accepts ({@code JWT_ISSUER}, its JWKS at
     *     {@code <issuer>/jwks})
     * @param environment more variables, e.g. the rate limits
     */
    static BaselineProcess start(Path projectRoot, int port, String dbUrl, String user, String password,
            URI demoIssuer, Map<String, String> environment, List<String> jvmOptions, Path log) {
        Path jar = projectRoot.resolve("infra/direct-baseline/target/direct-baseline.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Missing " + jar + ": build it with ./mvnw -B -q -DskipTests package");
        }
        List<String> arguments = new ArrayList<>(jvmOptions);
        arguments.addAll(List.of("-jar", jar.toString()));
        Map<String, String> variables = new HashMap<>(environment);
        variables.putAll(Map.of("SERVER_PORT", Integer.toString(port), "DB_URL", dbUrl, "DB_USERNAME", user,
                "DB_PASSWORD", password, "JWT_JWK_SET_URI", demoIssuer + "/jwks", "JWT_ISSUER",
                demoIssuer.toString()));
        ChildProcess process = ChildProcess.java("direct-baseline", arguments, log)
            .withEnvironment(variables)
            .withStopTimeout(Duration.ofSeconds(30))
            .stoppedOnJvmExit();
        BaselineProcess baseline = new BaselineProcess(process.start(), port);
        process.awaitReady("healthy", Duration.ofSeconds(180), Duration.ofMillis(500), baseline::ready);
        return baseline;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private boolean ready() {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + "/readyz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        }
        catch (IOException ex) {
            return false; // not listening yet
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** SIGTERM, SIGKILL after 30 s. */
    @Override
    public void close() {
        process.stop();
    }
}
