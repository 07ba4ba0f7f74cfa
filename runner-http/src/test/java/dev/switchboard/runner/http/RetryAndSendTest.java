package dev.switchboard.runner.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Seed 001's manual retry and seed 002's POST /send, on real PostgreSQL through the real server. */
class RetryAndSendTest {
    private ServerFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new ServerFixture(Map.of("DATABASE_URL", ServerProcessIT.databaseUrl(), "ADMIN_API_KEY", ServerFixture.ADMIN_KEY), s -> {});
        OpenAiStubs.replyWith(f.wiremock, "Posso ajudar.");
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private int sends(String pn, String text) {
        return f.wiremock.findAll(postRequestedFor(urlPathEqualTo("/v23.0/" + pn + "/messages")).withRequestBody(containing(text))).size();
    }

    private JsonNode outbound(ServerFixture.Tenant t) {
        for (JsonNode m : f.adminOk("GET", "/users/" + t.userId() + "/messages", null).get("messages")) {
            if (m.get("direction").asText().equals("outbound")) return m;
        }
        return null;
    }

    @Test
    void a_permanently_failed_send_is_sent_again_on_retry_and_a_sent_one_is_refused() {
        var t = f.tenant(10, "\"debounce_ms\":0");
        String graph = "/v23.0/" + t.phoneNumberId() + "/messages";
        f.wiremock.stubFor(post(urlPathEqualTo(graph)).inScenario("send").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"(#100) Invalid parameter\",\"type\":\"OAuthException\",\"code\":100,\"fbtrace_id\":\"A1\"}}"))
                .willSetStateTo("fixed"));
        f.wiremock.stubFor(post(urlPathEqualTo(graph)).inScenario("send").whenScenarioStateIs("fixed")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.retried-1\"}]}")));

        f.postWebhook(MetaPayloads.message(t.phoneNumberId(), "16505551234", "wamid.r1-" + UUID.randomUUID(), "oi"));
        ServerFixture.await("the reply failed", () -> outbound(t) != null && outbound(t).get("status").asText().equals("failed"));
        JsonNode failed = outbound(t);
        assertThat(failed.get("attempts").asInt()).isEqualTo(1);
        assertThat(failed.get("error_code").asText()).isEqualTo("100");
        assertThat(sends(t.phoneNumberId(), "Posso ajudar.")).isEqualTo(1);
        String id = failed.get("message_id").asText();

        var other = f.tenant(0, "");
        assertThat(f.admin("POST", "/users/" + other.userId() + "/messages/" + id + "/retry", null).statusCode())
                .as("another tenant's message").isEqualTo(404);

        JsonNode retried = f.adminOk("POST", "/users/" + t.userId() + "/messages/" + id + "/retry", null);
        assertThat(retried.get("message_id").asText()).isEqualTo(id);
        ServerFixture.await("the retry was sent", () -> outbound(t).get("status").asText().equals("sent"));
        JsonNode sent = outbound(t);
        assertThat(sent.get("message_id").asText()).as("the same record").isEqualTo(id);
        assertThat(sent.get("attempts").asInt()).as("a new attempt counted").isEqualTo(2);
        assertThat(sent.get("external_id").asText()).isEqualTo("wamid.retried-1");
        assertThat(sends(t.phoneNumberId(), "Posso ajudar.")).as("the provider received it again").isEqualTo(2);

        var again = f.admin("POST", "/users/" + t.userId() + "/messages/" + id + "/retry", null);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("only a failed outbound message");
    }

    @Test
    void post_send_with_the_seed_002_body_reaches_the_customer_and_pauses_the_bot() {
        OpenAiStubs.metaAccepts(f.wiremock);
        var t = f.tenant(10, "\"debounce_ms\":0");
        f.postWebhook(MetaPayloads.message(t.phoneNumberId(), "16505551234", "wamid.s1-" + UUID.randomUUID(), "oi"));
        ServerFixture.await("the bot answered", () -> sends(t.phoneNumberId(), "Posso ajudar.") == 1);
        JsonNode conv = f.adminOk("GET", "/users/" + t.userId() + "/conversations", null).get("conversations").get(0);
        String contact = conv.get("contact_id").asText();

        // seed 002: { lead_id, message_type, text_content, media_url }
        JsonNode answer = f.adminOk("POST", "/users/" + t.userId() + "/send",
                "{\"lead_id\":\"" + contact + "\",\"message_type\":\"text\",\"text_content\":\"Seu pedido saiu para entrega\",\"media_url\":null}");
        assertThat(answer.get("success").asBoolean()).isTrue();
        String messageId = answer.get("message_id").asText();
        ServerFixture.await("the customer received it", () -> sends(t.phoneNumberId(), "Seu pedido saiu para entrega") == 1);
        assertThat(f.adminOk("GET", "/users/" + t.userId() + "/conversations/" + conv.get("conversation_id").asText(), null)
                .get("status").asText()).as("the bot is paused like for any operator message").isEqualTo("paused");
        ServerFixture.await("stored as sent", () -> {
            for (JsonNode m : f.adminOk("GET", "/users/" + t.userId() + "/messages", null).get("messages")) {
                if (m.get("message_id").asText().equals(messageId)) return m.get("status").asText().equals("sent") && m.get("sender").asText().equals("human");
            }
            return false;
        });

        // media by link with contact_id and an explicit phone number
        f.adminOk("POST", "/users/" + t.userId() + "/send", "{\"contact_id\":\"" + contact + "\",\"phone_number_id\":\"" + t.phoneNumberId()
                + "\",\"message_type\":\"image\",\"media_url\":\"https://cdn.example.com/p.jpg\",\"text_content\":\"foto\"}");
        ServerFixture.await("the image was sent", () -> sends(t.phoneNumberId(), "https://cdn.example.com/p.jpg") == 1);

        var badType = f.admin("POST", "/users/" + t.userId() + "/send", "{\"lead_id\":\"" + contact + "\",\"message_type\":\"sticker\",\"text_content\":\"x\"}");
        assertThat(badType.statusCode()).isEqualTo(400);
        assertThat(badType.body()).contains("message_type");
        assertThat(f.admin("POST", "/users/" + t.userId() + "/send", "{\"lead_id\":\"ct_nope\",\"message_type\":\"text\",\"text_content\":\"x\"}")
                .statusCode()).isEqualTo(404);
        assertThat(f.admin("POST", "/users/" + t.userId() + "/send", "{\"lead_id\":\"" + contact + "\",\"message_type\":\"image\"}")
                .statusCode()).as("media without media_url").isEqualTo(400);
        var other = f.tenant(0, "");
        assertThat(f.admin("POST", "/users/" + other.userId() + "/send", "{\"lead_id\":\"" + contact + "\",\"message_type\":\"text\",\"text_content\":\"x\"}")
                .statusCode()).as("another tenant's contact").isEqualTo(404);
        var adminSend = f.admin("POST", "/send", "{\"lead_id\":\"" + contact + "\",\"message_type\":\"text\",\"text_content\":\"x\"}");
        assertThat(adminSend.statusCode()).isEqualTo(400);
        assertThat(adminSend.body()).contains("/users/{user_id}/send");
    }
}
