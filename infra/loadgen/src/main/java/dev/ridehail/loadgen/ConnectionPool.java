package dev.ridehail.loadgen;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Keep-alive {@link HttpConnection}s to one service for many short-lived threads: each request borrows an idle
 * connection (or opens one) and gives it back when the answer is read. The most recently used is lent first, so the
 * connections in use stay warm and an idle surplus is what the server may time out.
 */
final class ConnectionPool implements AutoCloseable {

    /** One request on a borrowed connection. */
    @FunctionalInterface
    interface Exchange<T> {

        T on(HttpConnection connection) throws IOException;
    }

    private final String host;

    private final int port;

    private final int timeoutMillis;

    private final ConcurrentLinkedDeque<HttpConnection> idle = new ConcurrentLinkedDeque<>();

    ConnectionPool(URI baseUri, int timeoutMillis) {
        this.host = baseUri.getHost();
        this.port = baseUri.getPort() > 0 ? baseUri.getPort() : 80;
        this.timeoutMillis = timeoutMillis;
    }

    /** Runs {@code exchange} on a connection of its own; a connection that failed is closed, never lent again. */
    <T> T call(Exchange<T> exchange) throws IOException {
        HttpConnection connection = idle.pollFirst();
        if (connection == null) {
            connection = new HttpConnection(host, port, timeoutMillis);
        }
        try {
            T answer = exchange.on(connection);
            idle.addFirst(connection);
            return answer;
        }
        catch (IOException | RuntimeException ex) {
            connection.close();
            throw ex;
        }
    }

    @Override
    public void close() {
        for (HttpConnection connection = idle.pollFirst(); connection != null; connection = idle.pollFirst()) {
            connection.close();
        }
    }
}
