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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default keeps its data (issue 14): the shaded jar started with no storage
 * configuration at all keeps its state in {@code ${DATA_DIR}/switchboard.db}. Killed with SIGKILL
 * while a customer's message waits out its debounce window, and started again on the same
 * DATA_DIR, it answers that turn once, and history, credits and the OpenAI conversation carry on.
 */
class SqliteProcessIT {
    private static final String DEV_KEY = ServerConfig.DEV_ADMIN_KEY;
    private static final long DEBOUNCE_MS = 4_000;

    private final WireMockServer wiremock = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path dataDir;
    private Process process;
    private int port;
    private int starts;

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

    private void startServer() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> env = new HashMap<>();
        env.put("API_PORT", Integer.toString(port));
        env.put("DATA_DIR", dataDir.toString()); // no DATABASE_URL, no STORAGE, no ADMIN_API_KEY
        env.put("WEBHOOK_SECRET", ServerFixture.APP_SECRET);
        env.put("WHATSAPP_API_BASE_URL", wiremock.baseUrl() + "/v23.0");
        env.put("OPENAI_BASE_URL", wiremock.baseUrl() + "/v1");
        env.put("OPENAI_API_KEY", "sk-it");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-jar", System.getProperty("server.jar"))
                .redirectErrorStream(true)
                .redirectOutput(log(++starts).toFile());
        pb.environment().remove("DATABASE_URL");
        pb.environment().remove("REDIS_URL");
        pb.environment().remove("STORAGE");
        pb.environment().remove("ADMIN_API_KEY");
        pb.environment().putAll(env);
        process = pb.start();
        // a JVM start of the shaded jar can take more than ServerFixture.await's 15 s on a loaded machine
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!healthy()) {
            assertThat(process.isAlive()).as("the server process is running").isTrue();
            assertThat(System.nanoTime()).as("server healthy within 90 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private boolean healthy() {
        try {
            return get("/health").statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    private static Path log(int start) {
        return new File(System.getProperty("java.io.tmpdir"), "switchboard-sqlite-it-" + start + ".log").toPath();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(5))
                .header("x-api-key", DEV_KEY).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode call(String method, String path, String json) throws Exception {
        var b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("x-api-key", DEV_KEY)
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

    private int modelCalls() {
        return wiremock.findAll(WireMock.postRequestedFor(WireMock.urlPathEqualTo("/v1/responses"))).size();
    }

    private boolean messages(String user, int count) {
        try {
            return call("GET", "/users/" + user + "/messages", null).get("messages").size() == count;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void a_sigkill_inside_the_debounce_window_loses_nothing_and_the_turn_is_answered_once_after_the_restart() throws Exception {
        startServer();
        assertThat(Json.read(get("/health").body()).get("database").asText()).isEqualTo("sqlite");
        assertThat(Files.readString(log(1))).contains("SQLite storage at " + dataDir.resolve("switchboard.db"));
        assertThat(dataDir.resolve("switchboard.db")).exists();

        String user = "usr_" + UUID.randomUUID().toString().substring(0, 8);
        String pn = "3065" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);
        call("POST", "/users", "{\"user_id\":\"" + user + "\",\"email\":\"" + user + "@example.com\"}");
        call("POST", "/users/" + user + "/phone_numbers", "{\"type\":\"whatsapp\",\"phone_number_id\":\"" + pn
                + "\",\"external_number\":\"+15550783881\",\"access_token\":\"EAAG-it\"}");
        call("POST", "/users/" + user + "/agents", "{\"name\":\"Sales\",\"phone_number_id\":\"" + pn
                + "\",\"prompt_id\":\"pmpt_it\",\"debounce_ms\":" + DEBOUNCE_MS + "}");
        call("POST", "/users/" + user + "/credits", "{\"amount\":10}");

        webhook(MetaPayloads.message(pn, "16505551234", "wamid.it-" + UUID.randomUUID(), "Primeira mensagem"));
        ServerFixture.await("first reply", () -> sends(pn) == 1);
        ServerFixture.await("first reply recorded", () -> messages(user, 2));

        webhook(MetaPayloads.message(pn, "16505551234", "wamid.it-" + UUID.randomUUID(), "Segunda mensagem"));
        assertThat(messages(user, 3)).as("the second message is stored before the kill").isTrue();
        process.destroyForcibly(); // SIGKILL, inside the debounce window: no shutdown hook runs
        process.waitFor();
        assertThat(sends(pn)).as("the second turn was not answered before the kill").isEqualTo(1);
        assertThat(modelCalls()).isEqualTo(1);

        startServer();
        ServerFixture.await("the debounced turn answered after the restart", () -> sends(pn) == 2);
        ServerFixture.await("history of four", () -> messages(user, 4));
        Thread.sleep(2 * DEBOUNCE_MS); // a second answer (the engine's sweep, a queued duplicate) would show by now
        assertThat(sends(pn)).as("answered once").isEqualTo(2);
        assertThat(modelCalls()).isEqualTo(2);

        JsonNode conversations = call("GET", "/users/" + user + "/conversations", null).get("conversations");
        assertThat(conversations).hasSize(1);
        assertThat(conversations.get(0).get("openai_conversation_id").asText()).startsWith("conv_");
        List<String> texts = call("GET", "/users/" + user + "/messages", null).get("messages").findValuesAsText("text");
        assertThat(texts).containsExactly("Primeira mensagem", "Claro!", "Segunda mensagem", "Claro!");
        var responses = wiremock.findAll(WireMock.postRequestedFor(WireMock.urlPathEqualTo("/v1/responses")));
        assertThat(Json.read(responses.get(1).getBodyAsString()).get("conversation").asText())
                .isEqualTo(Json.read(responses.get(0).getBodyAsString()).get("conversation").asText());
        assertThat(wiremock.findAll(WireMock.postRequestedFor(WireMock.urlPathEqualTo("/v1/conversations")))).hasSize(1);
        assertThat(call("GET", "/users/" + user + "/credits", null).get("remaining_credits").asLong()).isEqualTo(8);
    }
}
