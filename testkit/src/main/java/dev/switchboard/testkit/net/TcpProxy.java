package dev.switchboard.testkit.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP forwarder in front of a test service (Redis, say) that can be cut and restored, so a test
 * can take "Redis" away from the code under test without stopping the Redis others use. Cut, it keeps its
 * port (another process on this machine could otherwise take the free port and answer in its place)
 * and closes every connection at once, as a Redis that went down does. In {@link #blackhole} mode
 * it accepts connections and never answers, as a network partition does.
 */
public final class TcpProxy implements AutoCloseable {
    private enum Mode { FORWARD, CUT, BLACKHOLE }

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile Mode mode = Mode.FORWARD;

    /** Starts forwarding a free loopback port to {@code targetHost:targetPort}. */
    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    /** The loopback port to point the code under test at. */
    public int port() {
        return server.getLocalPort();
    }

    /** Forwards new connections again. */
    public void up() {
        mode = Mode.FORWARD;
    }

    /** Cuts the open connections; new ones are closed as soon as they are accepted. */
    public void down() throws IOException {
        setMode(Mode.CUT);
    }

    /**
     * Keeps the open connections but forwards nothing more on them, and answers no new one: a
     * network partition that closes no socket.
     */
    public void freeze() {
        mode = Mode.BLACKHOLE;
    }

    /** Cuts the open connections; new ones are accepted and never answered. */
    public void blackhole() throws IOException {
        setMode(Mode.BLACKHOLE);
    }

    private synchronized void setMode(Mode m) throws IOException {
        mode = m;
        for (Socket socket : sockets) socket.close();
        sockets.clear();
    }

    /** Connections accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                accepted.incrementAndGet();
                switch (mode) {
                    case CUT -> client.close();
                    case BLACKHOLE -> {
                        sockets.add(client);
                        Thread.ofVirtual().start(() -> drain(client));
                    }
                    case FORWARD -> {
                        Socket upstream = new Socket(targetHost, targetPort);
                        sockets.add(client);
                        sockets.add(upstream);
                        // a cut that raced this accept must not leave the pair open
                        if (mode != Mode.FORWARD) {
                            client.close();
                            upstream.close();
                            continue;
                        }
                        Thread.ofVirtual().start(() -> pump(client, upstream));
                        Thread.ofVirtual().start(() -> pump(upstream, client));
                    }
                }
            } catch (IOException e) {
                if (server.isClosed()) return;
            }
        }
    }

    private void drain(Socket client) {
        try (InputStream in = client.getInputStream()) {
            while (in.read(new byte[1024]) >= 0) {
                // swallow whatever the client says
            }
        } catch (IOException ignored) {
            // cut
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (mode != Mode.FORWARD) continue; // frozen: the bytes are lost on the way
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // the other side closed, or the proxy cut the connection
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // already closed
            }
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        setMode(Mode.CUT);
    }
}
