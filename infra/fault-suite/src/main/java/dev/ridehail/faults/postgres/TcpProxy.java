package dev.ridehail.faults.postgres;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy for the JDBC path (service → proxy → PostgreSQL) that can slow every packet down or hold all
 * traffic (a black hole: connections stay open, nothing moves), so a slow or unreachable database can be produced
 * without touching the server.
 */
public final class TcpProxy implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TcpProxy.class);

    private final ServerSocket server;

    private final InetSocketAddress target;

    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

    private final Object gate = new Object();

    private volatile long delayMillis;

    private volatile boolean blackholed;

    private volatile boolean closed;

    private TcpProxy(ServerSocket server, InetSocketAddress target) {
        this.server = server;
        this.target = target;
    }

    public static TcpProxy start(String targetHost, int targetPort) {
        try {
            ServerSocket server = new ServerSocket();
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            TcpProxy proxy = new TcpProxy(server, new InetSocketAddress(targetHost, targetPort));
            Thread.ofVirtual().name("tcp-proxy-accept-" + server.getLocalPort()).start(proxy::acceptLoop);
            return proxy;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Every chunk of bytes, in either direction, waits this long before it is forwarded. */
    public void delay(Duration delay) {
        this.delayMillis = delay.toMillis();
    }

    /** Holds all traffic (new connections are accepted but get no answer) until {@link #heal()}. */
    public void blackhole() {
        this.blackholed = true;
    }

    /** Back to a transparent pipe. */
    public void heal() {
        this.delayMillis = 0;
        this.blackholed = false;
        synchronized (gate) {
            gate.notifyAll();
        }
    }

    /** Resets every open connection (what a restarted firewall or a dead network path does). */
    public void cutConnections() {
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
    }

    public int openConnections() {
        return sockets.size() / 2;
    }

    @Override
    public void close() {
        closed = true;
        heal();
        closeQuietly(server);
        cutConnections();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                client.setTcpNoDelay(true);
                Socket upstream = new Socket();
                try {
                    upstream.connect(target, 5000);
                    upstream.setTcpNoDelay(true);
                }
                catch (IOException ex) {
                    closeQuietly(client);
                    closeQuietly(upstream);
                    continue;
                }
                sockets.add(client);
                sockets.add(upstream);
                Thread.ofVirtual().start(() -> pump(client, upstream));
                Thread.ofVirtual().start(() -> pump(upstream, client));
            }
            catch (IOException ex) {
                if (!closed) {
                    log.warn("Proxy accept failed", ex);
                }
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                awaitPassage();
                out.write(buffer, 0, read);
                out.flush();
            }
        }
        catch (IOException | InterruptedException ex) {
            // one side closed or was cut: close the other side too
        }
        finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private void awaitPassage() throws InterruptedException {
        synchronized (gate) {
            while (blackholed && !closed) {
                gate.wait(1000);
            }
        }
        long delay = delayMillis;
        if (delay > 0) {
            Thread.sleep(delay);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        }
        catch (Exception ignored) {
            // nothing left to do
        }
    }
}
