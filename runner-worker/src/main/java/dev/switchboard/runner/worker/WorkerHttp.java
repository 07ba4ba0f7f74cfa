package dev.switchboard.runner.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.core.support.HealthCheck;
import dev.switchboard.runner.common.Metrics;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The worker's small HTTP port: {@code GET /health} (JSON: status, database, queue; 503 when one is
 * down) and {@code GET /metrics} (Prometheus text from the worker's Micrometer registry).
 */
final class WorkerHttp implements AutoCloseable {
    private final HttpServer server;

    WorkerHttp(int port, Map<String, HealthCheck> probes, Supplier<String> metrics) {
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on WORKER_PORT " + port, e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/health", ex -> {
            if (notGet(ex)) return;
            Map<String, String> body = new LinkedHashMap<>();
            boolean allUp = true;
            for (Map.Entry<String, HealthCheck> p : probes.entrySet()) {
                boolean up = up(p.getValue());
                allUp &= up;
                body.put(p.getKey(), up ? "up" : "down");
            }
            StringBuilder json = new StringBuilder("{\"status\":\"").append(allUp ? "ok" : "degraded").append('"');
            body.forEach((k, v) -> json.append(",\"").append(k).append("\":\"").append(v).append('"'));
            send(ex, allUp ? 200 : 503, "application/json", json.append('}').toString());
        });
        server.createContext("/metrics", ex -> {
            if (notGet(ex)) return;
            send(ex, 200, Metrics.CONTENT_TYPE, metrics.get());
        });
        server.createContext("/", ex -> send(ex, 404, "text/plain", "not found: GET /health or /metrics\n"));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static boolean up(HealthCheck check) {
        try {
            return check.healthy();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean notGet(HttpExchange ex) throws IOException {
        if (ex.getRequestMethod().equals("GET")) return false;
        ex.getResponseHeaders().set("Allow", "GET");
        send(ex, 405, "text/plain", "method not allowed\n");
        return true;
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
