package dev.switchboard.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The real server on a random port, with WireMock standing in for Meta's Graph API and OpenAI, and
 * helpers to drive the admin API and post signed webhooks like Meta does.
 */
final class ServerFixture implements AutoCloseable {
    static final String APP_SECRET = "test-app-secret";
    static final String ADMIN_KEY = "test-admin-key-123";

    final WireMockServer wiremock = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    final SwitchboardServer server;
    final HttpClient http = HttpClient.newHttpClient();

    ServerFixture(Map<String, String> extraEnv, Consumer<SwitchboardServer.EngineSettingsBuilder> tune) {
        wiremock.start();
        Map<String, String> env = new HashMap<>();
        env.put("API_PORT", "0");
        env.put("ADMIN_API_KEY", ADMIN_KEY);
        env.put("WEBHOOK_SECRET", APP_SECRET);
        env.put("WEBHOOK_VERIFY_TOKEN", "meatyhamhock");
        env.put("WHATSAPP_API_BASE_URL", wiremock.baseUrl() + "/v23.0");
        env.put("INSTAGRAM_API_BASE_URL", wiremock.baseUrl() + "/ig/v23.0");
        env.put("TELEGRAM_API_BASE_URL", wiremock.baseUrl() + "/tg");
        env.put("OPENAI_BASE_URL", wiremock.baseUrl() + "/v1");
        env.put("EVOLUTION_ALLOWED_HOSTS", "localhost,127.0.0.1"); // Evolution accounts' server_url is this WireMock
        env.put("OPENAI_API_KEY", "sk-test-key");
        env.put("OPENAI_MAX_RETRIES", "0");
        env.put("OPENAI_TIMEOUT", "5000");
        env.put("WORKER_CONCURRENCY", "4");
        env.put("MEDIA_DIR", System.getProperty("java.io.tmpdir") + "/switchboard-test-media");
        env.put("WHATSAPP_PAIR_INTERVAL_MS", "300"); // production keeps Meta's 6 s; pacing itself is tested in core
        // these tests start many servers: in memory unless a test asks for a database (the default is a SQLite file)
        if (!extraEnv.containsKey("DATABASE_URL") && !extraEnv.containsKey("DATA_DIR")) env.put("STORAGE", "memory");
        env.put("DATA_DIR", System.getProperty("java.io.tmpdir") + "/switchboard-test-data");
        env.put("DEMO", "false");
        env.putAll(extraEnv);
        attachedPort = 0;
        server = SwitchboardServer.start(ServerConfig.fromEnv(env), s -> {
            s.sendBackoff(Duration.ofMillis(10));
            tune.accept(s);
        });
    }

    ServerFixture() {
        this(Map.of(), s -> {});
    }

    private final int attachedPort;

    private ServerFixture(int port) {
        this.server = null;
        this.attachedPort = port;
    }

    /** A fixture that only speaks HTTP to a server a test started itself (no WireMock, nothing to close). */
    static ServerFixture attached(int port) {
        return new ServerFixture(port);
    }

    String url(String path) {
        return "http://localhost:" + (server == null ? attachedPort : server.port()) + path;
    }

    HttpResponse<String> send(String method, String path, String json, Map<String, String> headers) {
        var b = HttpRequest.newBuilder(URI.create(url(path)))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) b.header("Content-Type", "application/json");
        headers.forEach(b::header);
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> admin(String method, String path, String json) {
        return send(method, path, json, Map.of("x-api-key", ADMIN_KEY));
    }

    JsonNode adminOk(String method, String path, String json) {
        var r = admin(method, path, json);
        assertThat(r.statusCode()).as(method + " " + path + " → " + r.body()).isBetween(200, 299);
        return r.body().isEmpty() ? null : Json.read(r.body());
    }

    /** POSTs raw bytes to the WhatsApp webhook, signed with the app secret as Meta signs them. */
    HttpResponse<String> postWebhook(String body) {
        return send("POST", "/webhooks/whatsapp", body, Map.of("X-Hub-Signature-256", "sha256=" + sign(body)));
    }

    static String sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A tenant with credits, a WhatsApp number and an agent (prompt id) on it. */
    record Tenant(String userId, String phoneNumberId, String agentId) {}

    Tenant tenant(long credits, String agentExtraJson) {
        String user = "usr_" + UUID.randomUUID().toString().substring(0, 8);
        String pn = "1065" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);
        adminOk("POST", "/users", "{\"user_id\":\"" + user + "\",\"email\":\"" + user + "@example.com\",\"company_name\":\"Loja\"}");
        adminOk("POST", "/users/" + user + "/phone_numbers", "{\"type\":\"whatsapp\",\"phone_number_id\":\"" + pn
                + "\",\"external_number\":\"+15550783881\",\"access_token\":\"EAAG-secret-token-" + pn + "\",\"display_name\":\"Loja\"}");
        String agentJson = "{\"name\":\"Sales\",\"phone_number_id\":\"" + pn + "\",\"prompt_id\":\"pmpt_68a1c0ffee\",\"prompt_version\":\"4\""
                + (agentExtraJson.isEmpty() ? "" : "," + agentExtraJson) + "}";
        String agentId = adminOk("POST", "/users/" + user + "/agents", agentJson).get("agent_id").asText();
        if (credits > 0) adminOk("POST", "/users/" + user + "/credits", "{\"amount\":" + credits + "}");
        return new Tenant(user, pn, agentId);
    }

    /** Polls until the condition holds (the worker runs in the background); fails after 15 s. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) return;
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out waiting for: " + what);
    }

    @Override
    public void close() {
        if (server == null) return;
        server.close();
        wiremock.stop();
    }
}
