package dev.switchboard.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * OpenAI and Meta's Graph API, answering at once (a JDK HttpServer on virtual threads). Counts the
 * text messages sent to customers: one per answered turn.
 */
final class Fakes implements AutoCloseable {
    private final HttpServer server;
    private final AtomicLong sends = new AtomicLong();
    private final AtomicLong modelCalls = new AtomicLong();
    private volatile long lastSendNanos;

    Fakes() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/", this::openAi);
        server.createContext("/graph/", this::meta);
        server.start();
    }

    String openAiBase() { return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1"; }

    String metaBase() { return "http://127.0.0.1:" + server.getAddress().getPort() + "/graph/v23.0"; }

    long sends() { return sends.get(); }

    long modelCalls() { return modelCalls.get(); }

    long lastSendNanos() { return lastSendNanos; }

    private void openAi(HttpExchange ex) throws IOException {
        ex.getRequestBody().readAllBytes();
        String path = ex.getRequestURI().getPath();
        long n = modelCalls.incrementAndGet();
        String json;
        if (path.endsWith("/conversations")) {
            json = "{\"id\":\"conv_bench" + n + "\",\"object\":\"conversation\",\"created_at\":1749416383,\"metadata\":{}}";
        } else if (path.endsWith("/chat/completions")) {
            json = "{\"id\":\"chatcmpl-" + n + "\",\"object\":\"chat.completion\",\"created\":1749416383,\"model\":\"gpt-4o-mini\","
                    + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Temos sim!\"},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":3,\"total_tokens\":23}}";
        } else {
            json = "{\"id\":\"resp_bench" + n + "\",\"object\":\"response\",\"status\":\"completed\",\"model\":\"gpt-4o-mini\","
                    + "\"output\":[{\"type\":\"message\",\"id\":\"msg_" + n + "\",\"status\":\"completed\",\"role\":\"assistant\","
                    + "\"content\":[{\"type\":\"output_text\",\"text\":\"Temos sim!\",\"annotations\":[]}]}],"
                    + "\"usage\":{\"input_tokens\":20,\"output_tokens\":3,\"total_tokens\":23}}";
        }
        answer(ex, json);
    }

    private void meta(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        long n = 0;
        if (body.contains("\"to\"")) {
            n = sends.incrementAndGet();
            lastSendNanos = System.nanoTime();
        }
        answer(ex, body.contains("\"to\"")
                ? "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"x\",\"wa_id\":\"x\"}],\"messages\":[{\"id\":\"wamid.out" + n + "\"}]}"
                : "{\"success\":true}");
    }

    private static void answer(HttpExchange ex, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, bytes.length);
        try (var out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
