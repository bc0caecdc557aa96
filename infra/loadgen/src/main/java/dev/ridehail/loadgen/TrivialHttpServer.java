package dev.ridehail.loadgen;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP/1.1 server that reads any request and answers {@code 202 {}} at once: the ceiling the generator itself can
 * drive on this machine ({@code --self-test}), and a target for the generator's own tests.
 */
public final class TrivialHttpServer implements AutoCloseable {

    private static final byte[] RESPONSE = ("HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\n"
            + "Content-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;

    private final int status;

    public TrivialHttpServer() throws IOException {
        this(202);
    }

    /** A server answering every request with {@code status} (for error-path tests). */
    public TrivialHttpServer(int status) throws IOException {
        this.status = status;
        server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("trivial-http-accept").start(this::accept);
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                Thread.ofPlatform().daemon().stackSize(256 * 1024).start(() -> serve(socket));
            }
            catch (IOException ex) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        byte[] response = status == 202 ? RESPONSE
                : ("HTTP/1.1 " + status + " Status\r\nContent-Type: application/problem+json\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
                OutputStream out = socket.getOutputStream()) {
            while (true) {
                long contentLength = 0;
                StringBuilder line = new StringBuilder();
                boolean firstLine = true;
                while (true) {
                    int b = in.read();
                    if (b < 0) {
                        return;
                    }
                    if (b == '\n') {
                        if (line.isEmpty()) {
                            break;
                        }
                        String header = line.toString();
                        if (!firstLine && header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                            contentLength = Long.parseLong(header.substring(15).trim());
                        }
                        firstLine = false;
                        line.setLength(0);
                    }
                    else if (b != '\r') {
                        line.append((char) b);
                    }
                }
                in.skipNBytes(contentLength);
                out.write(response);
                out.flush();
            }
        }
        catch (IOException ex) {
            // client went away
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
