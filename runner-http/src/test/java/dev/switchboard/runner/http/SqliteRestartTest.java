package dev.switchboard.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server on its default storage (a SQLite file under DATA_DIR), stopped while a message waits
 * out its debounce window and started again on the same directory: the turn the stopped queue held
 * is found in the database and answered once. {@code SqliteProcessIT} does the same with SIGKILL.
 */
class SqliteRestartTest {
    private final WireMockServer wiremock = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    @TempDir
    Path dataDir;

    @BeforeEach
    void stubs() {
        wiremock.start();
        OpenAiStubs.replyWith(wiremock, "Claro!");
        OpenAiStubs.metaAccepts(wiremock);
    }

    @AfterEach
    void stop() {
        wiremock.stop();
    }

    private ServerFixture server() {
        return new ServerFixture(Map.of("DATA_DIR", dataDir.toString(),
                "WHATSAPP_API_BASE_URL", wiremock.baseUrl() + "/v23.0",
                "OPENAI_BASE_URL", wiremock.baseUrl() + "/v1"), s -> {});
    }

    private int sends(String pn) {
        return wiremock.findAll(WireMock.postRequestedFor(WireMock.urlPathEqualTo("/v23.0/" + pn + "/messages"))).size();
    }

    @Test
    void a_turn_waiting_in_its_debounce_window_at_a_restart_is_answered_once_from_the_database() throws Exception {
        ServerFixture.Tenant t;
        try (ServerFixture first = server()) {
            assertThat(Json.read(first.send("GET", "/health", null, Map.of()).body()).get("database").asText()).isEqualTo("sqlite");
            t = first.tenant(10, "\"debounce_ms\":2000");
            String body = MetaPayloads.message(t.phoneNumberId(), "16505551234", "wamid." + UUID.randomUUID(), "Oi");
            assertThat(first.postWebhook(body).statusCode()).isEqualTo(200);
        } // stopped inside the window: the in-process queue and its scheduled turn are gone
        assertThat(sends(t.phoneNumberId())).isZero();

        try (ServerFixture second = server()) {
            ServerFixture.await("the recovered turn's reply", () -> sends(t.phoneNumberId()) == 1);
            ServerFixture.await("the reply recorded", () ->
                    second.adminOk("GET", "/users/" + t.userId() + "/messages", null).get("messages").size() == 2);
            assertThat(second.adminOk("GET", "/users/" + t.userId() + "/credits", null).get("remaining_credits").asLong()).isEqualTo(9);
            second.server.engine().sweep(); // the periodic sweep finds nothing left to answer
            Thread.sleep(500);
            assertThat(sends(t.phoneNumberId())).isEqualTo(1);
        }
    }
}
