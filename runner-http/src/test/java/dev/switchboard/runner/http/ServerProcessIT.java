package dev.switchboard.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Starts the shaded server jar as a real process on PostgreSQL, stops it, starts it again on the
 * same database: contacts, conversations, history and the OpenAI conversation id carry on (seed 004).
 */
class ServerProcessIT {
    private static final String ADMIN_KEY = "it-admin-key-123";
    private final WireMockServer wiremock = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;
    private int port;

    static String databaseUrl() throws Exception {
        String base = System.getenv().getOrDefault("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/switchboard_test");
        String admin = "jdbc:" + base.replaceFirst("^postgres(ql)?://postgres@", "postgresql://").replaceFirst("/[^/?]+(\\?.*)?$", "/postgres");
        try (var c = DriverManager.getConnection(admin, "postgres", "")) {
            var rs = c.createStatement().executeQuery("select 1 from pg_database where datname = 'switchboard_it'");
            if (!rs.next()) c.createStatement().execute("create database switchboard_it");
        }
        return base.replaceFirst("/[^/?]+(\\?.*)?$", "/switchboard_it");
    }

    @BeforeEach
    void start() {
        wiremock.start();
        OpenAiStubs.replyWith(wiremock, "Claro!");
        OpenAiStubs.metaAccepts(wiremock);
    }

    @AfterEach
    void stop() {
        if (process != null) process.destroyForcibly();
        wiremock.stop();
    }

    private void startServer(String databaseUrl) throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> env = new HashMap<>();
        env.put("API_PORT", Integer.toString(port));
        env.put("DATABASE_URL", databaseUrl);
        env.put("ADMIN_API_KEY", ADMIN_KEY);
        env.put("WEBHOOK_SECRET", ServerFixture.APP_SECRET);
        env.put("WHATSAPP_API_BASE_URL", wiremock.baseUrl() + "/v23.0");
        env.put("OPENAI_BASE_URL", wiremock.baseUrl() + "/v1");
        env.put("OPENAI_API_KEY", "sk-it");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-jar", System.getProperty("server.jar"))
                .redirectErrorStream(true)
                .redirectOutput(new File(System.getProperty("java.io.tmpdir"), "switchboard-it-server.log"));
        pb.environment().putAll(env);
        process = pb.start();
        ServerFixture.await("server healthy", () -> {
            try {
                return get("/health", false).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
    }

    private void stopServer() throws Exception {
        process.destroy(); // SIGTERM: the shutdown hook closes the server
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }

    private HttpResponse<String> get(String path, boolean admin) throws Exception {
        var b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(5));
        if (admin) b.header("x-api-key", ADMIN_KEY);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode call(String method, String path, String json) throws Exception {
        var b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("x-api-key", ADMIN_KEY)
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        var r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
        return r.body().isEmpty() ? null : Json.read(r.body());
    }

    private void webhook(String body) throws Exception {
        var r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/whatsapp"))
                .header("X-Hub-Signature-256", "sha256=" + ServerFixture.sign(body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
    }

    private int sends(String pn) {
        return wiremock.findAll(WireMock.postRequestedFor(WireMock.urlPathEqualTo("/v23.0/" + pn + "/messages"))).size();
    }

    @Test
    void conversations_history_and_the_openai_conversation_carry_on_across_a_restart() throws Exception {
        String db = databaseUrl();
        startServer(db);
        assertThat(Json.read(get("/health", false).body()).get("database").asText()).isEqualTo("up");
        String user = "usr_" + UUID.randomUUID().toString().substring(0, 8);
        String pn = "2065" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);
        call("POST", "/users", "{\"user_id\":\"" + user + "\",\"email\":\"" + user + "@example.com\"}");
        call("POST", "/users/" + user + "/phone_numbers", "{\"type\":\"whatsapp\",\"phone_number_id\":\"" + pn
                + "\",\"external_number\":\"+15550783881\",\"access_token\":\"EAAG-it\"}");
        call("POST", "/users/" + user + "/agents", "{\"name\":\"Sales\",\"phone_number_id\":\"" + pn
                + "\",\"prompt_id\":\"pmpt_it\",\"debounce_ms\":0}");
        call("POST", "/users/" + user + "/credits", "{\"amount\":10}");

        webhook(MetaPayloads.message(pn, "16505551234", "wamid.it-" + UUID.randomUUID(), "Primeira mensagem"));
        ServerFixture.await("first reply", () -> sends(pn) == 1);
        ServerFixture.await("first reply recorded", () -> {
            try {
                return call("GET", "/users/" + user + "/messages", null).get("messages").size() == 2;
            } catch (Exception e) {
                return false;
            }
        });
        stopServer();

        startServer(db);
        JsonNode before = call("GET", "/users/" + user + "/conversations", null).get("conversations");
        assertThat(before).hasSize(1);
        assertThat(before.get(0).get("openai_conversation_id").asText()).startsWith("conv_");
        webhook(MetaPayloads.message(pn, "16505551234", "wamid.it-" + UUID.randomUUID(), "Segunda mensagem"));
        ServerFixture.await("second reply", () -> sends(pn) == 2);

        JsonNode conversations = call("GET", "/users/" + user + "/conversations", null).get("conversations");
        assertThat(conversations).hasSize(1);
        ServerFixture.await("history of four", () -> {
            try {
                return call("GET", "/users/" + user + "/messages", null).get("messages").size() == 4;
            } catch (Exception e) {
                return false;
            }
        });
        List<String> texts = call("GET", "/users/" + user + "/messages", null).get("messages").findValuesAsText("text");
        assertThat(texts).containsExactly("Primeira mensagem", "Claro!", "Segunda mensagem", "Claro!");
        var responses = wiremock.findAll(WireMock.postRequestedFor(WireMock.urlPathEqualTo("/v1/responses")));
        assertThat(Json.read(responses.get(1).getBodyAsString()).get("conversation").asText())
                .isEqualTo(Json.read(responses.get(0).getBodyAsString()).get("conversation").asText());
        assertThat(wiremock.findAll(WireMock.postRequestedFor(WireMock.urlPathEqualTo("/v1/conversations")))).hasSize(1);
        assertThat(call("GET", "/users/" + user + "/credits", null).get("remaining_credits").asLong()).isEqualTo(8);
        stopServer();
    }
}
