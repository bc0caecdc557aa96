package dev.ridehail.loadgen;

import java.net.URI;
import java.time.Duration;

/**
 * How the generator talks to the target.
 *
 * @param baseUri for example {@code http://127.0.0.1:8081}
 * @param mode one update per request, or {@code batchSize} per request
 * @param connections keep-alive connections, one worker thread each; requests that find every connection busy
 * wait in the schedule queue, and that wait counts in their latency
 * @param requestTimeout read/connect timeout; a request without an answer by then is {@link Outcome#UNKNOWN}
 * @param progress print a progress line to stderr every second
 */
public record LoadSettings(URI baseUri, Mode mode, int batchSize, int connections, Duration requestTimeout,
        boolean progress) {

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

    public static LoadSettings single(URI baseUri) {
        return new LoadSettings(baseUri, Mode.SINGLE, 1, 128, Duration.ofSeconds(10), true);
    }

    public static LoadSettings batch(URI baseUri, int batchSize) {
        return new LoadSettings(baseUri, Mode.BATCH, batchSize, 32, Duration.ofSeconds(10), true);
    }

    public LoadSettings withConnections(int count) {
        return new LoadSettings(baseUri, mode, batchSize, count, requestTimeout, progress);
    }

    public LoadSettings withRequestTimeout(Duration timeout) {
        return new LoadSettings(baseUri, mode, batchSize, connections, timeout, progress);
    }

    public LoadSettings withProgress(boolean print) {
        return new LoadSettings(baseUri, mode, batchSize, connections, requestTimeout, print);
    }
}
