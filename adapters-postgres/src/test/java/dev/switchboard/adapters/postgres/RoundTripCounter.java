package dev.switchboard.adapters.postgres;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of PostgreSQL that reads the client's side of the wire protocol and counts
 * the messages after which the client waits for the server: Sync (extended protocol), Query
 * (simple protocol) and Flush. An empty Query is counted apart: it is the driver's
 * {@code isValid()}, which HikariCP sends when it hands out a connection idle for over 500 ms.
 */
public final class RoundTripCounter implements AutoCloseable {
    private static final int SSL_REQUEST = 80877103;
    private static final int GSSENC_REQUEST = 80877104;

    private final ServerSocket server;
    private final String upstreamHost;
    private final int upstreamPort;
    private final AtomicLong roundTrips = new AtomicLong();
    private final AtomicLong livenessChecks = new AtomicLong();

    public RoundTripCounter(String upstreamHost, int upstreamPort) throws IOException {
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("round-trip-proxy").start(this::acceptLoop);
    }

    /** Proxies the test database: the same URL with this proxy's port, and without SSL. */
    public static RoundTripCounter forTestDatabase() throws IOException {
        String url = TestDatabase.config(1).jdbcUrl();
        String hostPort = url.substring("jdbc:postgresql://".length(), url.indexOf('/', "jdbc:postgresql://".length()));
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        int port = colon < 0 ? 5432 : Integer.parseInt(hostPort.substring(colon + 1));
        return new RoundTripCounter(host, port);
    }

    /** {@code databaseUrl} pointed at this proxy. */
    public String proxied(String jdbcUrl) {
        String prefix = "jdbc:postgresql://";
        int slash = jdbcUrl.indexOf('/', prefix.length());
        String rest = jdbcUrl.substring(slash);
        String separator = rest.contains("?") ? "&" : "?";
        return prefix + "127.0.0.1:" + server.getLocalPort() + rest + separator + "sslmode=disable&gssEncMode=disable";
    }

    public long roundTrips() {
        return roundTrips.get();
    }

    public long livenessChecks() {
        return livenessChecks.get();
    }

    public void reset() {
        roundTrips.set(0);
        livenessChecks.set(0);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(upstreamHost, upstreamPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                InputStream fromServer = upstream.getInputStream();
                Thread.ofVirtual().start(() -> pump(fromServer, client));
                Thread.ofVirtual().start(() -> clientToServer(client, upstream));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void clientToServer(Socket client, Socket upstream) {
        try (client; upstream) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(client.getInputStream()));
            OutputStream out = new BufferedOutputStream(upstream.getOutputStream());
            boolean started = false;
            while (!started) {
                int length = in.readInt();
                byte[] body = in.readNBytes(length - 4);
                int code = ((body[0] & 0xff) << 24) | ((body[1] & 0xff) << 16) | ((body[2] & 0xff) << 8) | (body[3] & 0xff);
                writeInt(out, length);
                out.write(body);
                out.flush();
                started = code != SSL_REQUEST && code != GSSENC_REQUEST;
            }
            while (true) {
                int type = in.read();
                if (type < 0) return;
                int length = in.readInt();
                byte[] body = in.readNBytes(length - 4);
                if (type == 'S' || type == 'H') roundTrips.incrementAndGet();
                if (type == 'Q') {
                    // body is the query text and a NUL: an empty query is the pool's liveness check
                    if (body.length <= 1) livenessChecks.incrementAndGet();
                    else roundTrips.incrementAndGet();
                }
                out.write(type);
                writeInt(out, length);
                out.write(body);
                if (in.available() == 0) out.flush();
            }
        } catch (EOFException e) {
            // client closed the connection
        } catch (IOException e) {
            // either side went away
        }
    }

    private static void pump(InputStream in, Socket to) {
        try (to) {
            in.transferTo(to.getOutputStream());
        } catch (IOException e) {
            // either side went away
        }
    }

    private static void writeInt(OutputStream out, int value) throws IOException {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
