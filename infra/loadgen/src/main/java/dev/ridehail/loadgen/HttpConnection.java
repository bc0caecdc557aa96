package dev.ridehail.loadgen;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal blocking HTTP/1.1 keep-alive client connection, used by one thread at a time (a load generator's worker
 * owns one; the freshness probe's threads borrow them from a {@link ConnectionPool}). It exists because
 * java.net.http.HttpClient spends several times more CPU per request, and on two shared cores the generator's own
 * cost is taken from the server under test. It handles exactly what the services answer: a status line, headers,
 * and a Content-Length or chunked body.
 */
final class HttpConnection implements AutoCloseable {

    private final InetSocketAddress address;

    private final String hostHeader;

    private final int timeoutMillis;

    private Socket socket;

    private OutputStream out;

    private InputStream in;

    private final byte[] lineBuffer = new byte[8192];

    private String lastRejection;

    HttpConnection(String host, int port, int timeoutMillis) {
        this.address = new InetSocketAddress(host, port);
        this.hostHeader = host + ":" + port;
        this.timeoutMillis = timeoutMillis;
    }

    /** Thrown when the connection could not be opened: the request was certainly not processed. */
    static final class ConnectException extends IOException {

        ConnectException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** A status and, for {@link #get}, the body (decoded as UTF-8, at most {@link #MAX_KEPT_BODY} bytes of it). */
    record Response(int status, String body) {
    }

    /** The most of a GET's body that is kept: enough for the small JSON answers the probes read. */
    static final int MAX_KEPT_BODY = 256 * 1024;

    /** How much of a 401/403 body is kept for the message that stops a run. */
    private static final int MAX_KEPT_REJECTION = 2048;

    /**
     * Sends one POST and returns the status code. The body is read and dropped, except after a 401 or 403, whose
     * body and {@code WWW-Authenticate} are kept for {@link #lastRejection()}.
     *
     * @param authorization the {@code Authorization} header's value, or null for none
     */
    int post(String path, byte[] body, String authorization) throws IOException {
        send("POST", path, authorization, body);
        return readResponse(false).status();
    }

    /**
     * Sends one GET and returns the status with the body, for readers that look at what the service answered.
     *
     * @param pathAndQuery e.g. {@code /api/v1/riders/r-1/location}, already URL-safe
     * @param authorization the {@code Authorization} header's value, or null for none
     */
    Response get(String pathAndQuery, String authorization) throws IOException {
        send("GET", pathAndQuery, authorization, null);
        return readResponse(true);
    }

    /** The request line, the headers and the JSON body, if any. */
    private void send(String method, String pathAndQuery, String authorization, byte[] body) throws IOException {
        ensureOpen();
        String head = method + " " + pathAndQuery + " HTTP/1.1\r\nHost: " + hostHeader
                + (authorization == null ? "" : "\r\nAuthorization: " + authorization)
                + (body == null ? "" : "\r\nContent-Type: application/json\r\nContent-Length: " + body.length)
                + "\r\nAccept: application/json\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        if (body != null) {
            out.write(body);
        }
        out.flush();
    }

    private void ensureOpen() throws IOException {
        if (socket != null) {
            return;
        }
        Socket opened = new Socket();
        try {
            opened.setTcpNoDelay(true);
            opened.connect(address, timeoutMillis);
            opened.setSoTimeout(timeoutMillis);
        }
        catch (IOException ex) {
            opened.close();
            throw new ConnectException(ex);
        }
        socket = opened;
        out = new BufferedOutputStream(opened.getOutputStream(), 64 * 1024);
        in = new BufferedInputStream(opened.getInputStream(), 16 * 1024);
    }

    /** {@code WWW-Authenticate} and the start of the body of the last 401/403 answer, for the abort message. */
    String lastRejection() {
        return lastRejection;
    }

    private Response readResponse(boolean keepBody) throws IOException {
        String statusLine = readLine();
        if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.")) {
            throw new IOException("Not an HTTP response: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long contentLength = -1;
        boolean chunked = false;
        boolean close = false;
        boolean rejected = status == 401 || status == 403;
        String challenge = null;
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                contentLength = Long.parseLong(value);
            }
            else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            }
            else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                close = true;
            }
            else if (rejected && name.equalsIgnoreCase("WWW-Authenticate")) {
                challenge = value;
            }
        }
        ByteArrayOutputStream kept = keepBody || rejected ? new ByteArrayOutputStream() : null;
        int keepAtMost = keepBody ? MAX_KEPT_BODY : MAX_KEPT_REJECTION;
        if (chunked) {
            for (long size = Long.parseLong(chunkSize(readLine()), 16); size > 0; size = Long
                .parseLong(chunkSize(readLine()), 16)) {
                consume(size, kept, keepAtMost);
                readLine();
            }
            // trailers end with an empty line
            while (!readLine().isEmpty()) {
                // ignore trailers
            }
        }
        else if (contentLength > 0) {
            consume(contentLength, kept, keepAtMost);
        }
        else if (contentLength < 0 && status != 204 && status != 304) {
            close = true; // body delimited by connection close: cannot reuse
        }
        String body = kept == null ? null : kept.toString(StandardCharsets.UTF_8);
        if (rejected) {
            lastRejection = (challenge == null ? "" : "WWW-Authenticate: " + challenge + "; ") + "body: " + body;
        }
        if (close) {
            close();
        }
        return new Response(status, keepBody ? body : null);
    }

    /** Skips {@code count} body bytes, or keeps the first {@code keepAtMost} of them in {@code kept} when not null. */
    private void consume(long count, ByteArrayOutputStream kept, int keepAtMost) throws IOException {
        long toKeep = kept == null ? 0 : Math.max(0, Math.min(count, keepAtMost - kept.size()));
        if (toKeep > 0) {
            byte[] bytes = in.readNBytes((int) toKeep);
            if (bytes.length < toKeep) {
                throw new EOFException("Connection closed inside a response body");
            }
            kept.write(bytes);
        }
        skip(count - toKeep);
    }

    private static String chunkSize(String line) {
        int semicolon = line.indexOf(';');
        return (semicolon < 0 ? line : line.substring(0, semicolon)).trim();
    }

    private void skip(long count) throws IOException {
        long remaining = count;
        while (remaining > 0) {
            long skipped = in.skip(remaining);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("Connection closed inside a response body");
                }
                skipped = 1;
            }
            remaining -= skipped;
        }
    }

    private String readLine() throws IOException {
        int length = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("Connection closed by the server");
            }
            if (b == '\n') {
                break;
            }
            if (b != '\r' && length < lineBuffer.length) {
                lineBuffer[length++] = (byte) b;
            }
        }
        return new String(lineBuffer, 0, length, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        Socket current = socket;
        socket = null;
        if (current != null) {
            try {
                current.close();
            }
            catch (IOException ignored) {
                // closing a broken connection
            }
        }
    }
}
