package dev.switchboard.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.usecase.CreateTenant;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page at / on a server started with no configuration at all (DATA_DIR aside), and with DEMO=false. */
class WebchatDemoPageTest {

    @Test
    void a_fresh_server_with_no_configuration_serves_a_demo_chat_answered_by_the_offline_model(@TempDir Path dataDir) throws Exception {
        try (var server = SwitchboardServer.start(ServerConfig.fromEnv(Map.of("API_PORT", "0", "DATA_DIR", dataDir.toString())))) {
            var page = get(server.port(), "/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("data-widget=\"demo\"").contains("/webchat/widget.js").contains("DEMO=false")
                    .contains("href=\"/docs\"").contains("href=\"/console\"");
            assertThat(get(server.port(), "/webchat/widget.js").body()).contains("attachShadow({ mode: \"open\" })");
            assertThat(Files.exists(dataDir.resolve("webchat-secret"))).as("the generated key is kept").isTrue();

            var fixture = new PortOnly(server.port());
            WebchatVisitor visitor = new WebchatVisitor(fixture.server(), "demo", null).session();
            assertThat(visitor.post("Hello, who are you?", "d1").statusCode()).isEqualTo(202);
            ServerFixture.await("the offline model's reply", () -> visitor.history().stream()
                    .anyMatch(m -> m.get("sender").asText().equals("agent") && m.get("text").asText().startsWith("The AI assistant is offline")));
            assertThat(server.engine().credits().balance("demo")).isLessThan(1000);
        }
    }

    @Test
    void with_demo_false_nothing_is_created_and_the_page_explains_how_to_register_a_widget(@TempDir Path dataDir) throws Exception {
        try (var server = SwitchboardServer.start(ServerConfig.fromEnv(Map.of("API_PORT", "0", "DATA_DIR", dataDir.toString(), "DEMO", "false")))) {
            var page = get(server.port(), "/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("\"type\":\"webchat\"").contains("allowed_origins").doesNotContain("data-widget=\"demo\"");
            assertThat(server.engine().stores().tenants().find("demo")).isEmpty();
        }
    }

    @Test
    void a_store_that_has_tenants_gets_no_demo(@TempDir Path dataDir) throws Exception {
        try (var server = SwitchboardServer.start(ServerConfig.fromEnv(Map.of("API_PORT", "0", "DATA_DIR", dataDir.toString(), "DEMO", "false")))) {
            server.engine().tenants().create(new CreateTenant("acme", "ops@acme.example", "Acme", null));
        }
        try (var server = SwitchboardServer.start(ServerConfig.fromEnv(Map.of("API_PORT", "0", "DATA_DIR", dataDir.toString())))) {
            assertThat(server.engine().stores().tenants().find("demo")).isEmpty();
            var page = get(server.port(), "/");
            assertThat(page.body()).doesNotContain("data-widget=\"demo\"").contains("\"type\":\"webchat\"")
                    .contains("href=\"/docs\"");
        }
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Lets {@link WebchatVisitor} talk to a server the test started itself. */
    private record PortOnly(int port) {
        ServerFixture server() {
            return ServerFixture.attached(port);
        }
    }
}
