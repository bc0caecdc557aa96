package dev.ridehail.loadgen;

import java.net.URI;
import java.time.Duration;

/**
 * How the generator talks to the target.
 *
 * @param baseUri for example {@code http://127.0.0.1:8081}
 * @param mode one update per request, or {@code batchSize} updates of one rider per request
 * @param connections keep-alive connections, one worker thread each; requests that find every connection busy
 * wait in the schedule queue, and that wait counts in their latency
 * @param requestTimeout read/connect timeout; a request without an answer by then is {@link Outcome#UNKNOWN}
 * @param progress print a progress line to stderr every second
 * @param tokenIssuer the demo issuer every rider's bearer token comes from (its {@code iss}, e.g.
 * {@code http://127.0.0.1:8081/demo}); null sends no {@code Authorization} header (the self-test's trivial server)
 */
public record LoadSettings(URI baseUri, Mode mode, int batchSize, int connections, Duration requestTimeout,
        boolean progress, URI tokenIssuer) {

    public enum Mode {

        SINGLE("/api/v1/locations"), BATCH("/api/v1/locations/batch");

        private final String path;

        Mode(String path) {
            this.path = path;
        }

        public String path() {
            return path;
        }
    }

    public LoadSettings {
        if (batchSize < 1 || (mode == Mode.SINGLE && batchSize != 1)) {
            throw new IllegalArgumentException("batchSize must be 1 in SINGLE mode and at least 1 in BATCH mode");
        }
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be at least 1");
        }
    }

    /** One update per request, tokens from the target's own demo issuer ({@code <baseUri>/demo}). */
    public static LoadSettings single(URI baseUri) {
        return new LoadSettings(baseUri, Mode.SINGLE, 1, 128, Duration.ofSeconds(10), true, demoIssuerOf(baseUri));
    }

    /** {@code batchSize} updates of one rider per request, tokens from {@code <baseUri>/demo}. */
    public static LoadSettings batch(URI baseUri, int batchSize) {
        return new LoadSettings(baseUri, Mode.BATCH, batchSize, 32, Duration.ofSeconds(10), true,
                demoIssuerOf(baseUri));
    }

    /** Where location-ingest-service hosts its demo issuer when {@code DEMO_ISSUER_ENABLED=true}. */
    public static URI demoIssuerOf(URI ingestBaseUri) {
        String base = ingestBaseUri.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + "demo");
    }

    public LoadSettings withConnections(int count) {
        return new LoadSettings(baseUri, mode, batchSize, count, requestTimeout, progress, tokenIssuer);
    }

    public LoadSettings withRequestTimeout(Duration timeout) {
        return new LoadSettings(baseUri, mode, batchSize, connections, timeout, progress, tokenIssuer);
    }

    public LoadSettings withProgress(boolean print) {
        return new LoadSettings(baseUri, mode, batchSize, connections, requestTimeout, print, tokenIssuer);
    }

    /** Tokens from another issuer than the target's own, e.g. the direct baseline validating ingest's tokens. */
    public LoadSettings withTokenIssuer(URI issuer) {
        return new LoadSettings(baseUri, mode, batchSize, connections, requestTimeout, progress, issuer);
    }

    /** No {@code Authorization} header at all: only for targets that check none. */
    public LoadSettings withoutTokens() {
        return withTokenIssuer(null);
    }
}
