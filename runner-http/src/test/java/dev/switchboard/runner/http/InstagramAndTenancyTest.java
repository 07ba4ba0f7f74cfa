package dev.switchboard.runner.http;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Instagram Direct through the server (its own route and seed 001's /webhook/meta), and tenant isolation. */
class InstagramAndTenancyTest {
    private ServerFixture f;

    @BeforeEach
    void start() {
        f = new ServerFixture(Map.of(), s -> {});
        OpenAiStubs.replyWith(f.wiremock, "Sim, ainda está disponível.");
        OpenAiStubs.metaAccepts(f.wiremock);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private static String igMessage(String igId, String customer, String mid, String text, boolean echo) {
        String sender = echo ? igId : customer, recipient = echo ? customer : igId;
        return "{\"object\":\"instagram\",\"entry\":[{\"id\":\"" + igId + "\",\"time\":1569262486134,\"messaging\":[{"
                + "\"sender\":{\"id\":\"" + sender + "\"},\"recipient\":{\"id\":\"" + recipient + "\"},\"timestamp\":1569262485349,"
                + "\"message\":{\"mid\":\"" + mid + "\",\"text\":\"" + text + "\"" + (echo ? ",\"is_echo\":true" : "") + "}}]}]}";
    }

    private String igTenant(String igId) {
        String user = "usr_" + UUID.randomUUID().toString().substring(0, 8);
        f.adminOk("POST", "/users", "{\"user_id\":\"" + user + "\",\"email\":\"" + user + "@example.com\"}");
        f.adminOk("POST", "/users/" + user + "/phone_numbers", "{\"type\":\"instagram\",\"phone_number_id\":\"" + igId
                + "\",\"access_token\":\"IGQ-token-" + igId + "\",\"display_name\":\"@loja\"}");
        f.adminOk("POST", "/users/" + user + "/agents", "{\"name\":\"IG\",\"phone_number_id\":\"" + igId + "\",\"prompt_id\":\"pmpt_ig\",\"debounce_ms\":0}");
        f.adminOk("POST", "/users/" + user + "/credits", "{\"amount\":5}");
        return user;
    }

    @Test
    void instagram_message_on_its_own_route_and_on_webhook_meta_gets_a_reply_and_echoes_are_never_answered() {
        String ig = "1784140" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 100_000_000L);
        String user = igTenant(ig);
        String sendPath = "/ig/v23.0/" + ig + "/messages";
        f.wiremock.stubFor(post(urlPathEqualTo(sendPath)).willReturn(okJson("{\"recipient_id\":\"178410001\",\"message_id\":\"mid.out-1\"}")));

        String first = igMessage(ig, "17841400000000001", "aWdf-" + UUID.randomUUID(), "Hi, is this still available?", false);
        var r = f.send("POST", "/webhooks/instagram", first, Map.of("X-Hub-Signature-256", "sha256=" + ServerFixture.sign(first)));
        assertThat(r.statusCode()).isEqualTo(200);
        ServerFixture.await("instagram reply", () -> f.wiremock.findAll(postRequestedFor(urlPathEqualTo(sendPath))).size() == 1);
        JsonNode sent = Json.read(f.wiremock.findAll(postRequestedFor(urlPathEqualTo(sendPath))).getFirst().getBodyAsString());
        assertThat(sent.at("/recipient/id").asText()).isEqualTo("17841400000000001");
        assertThat(sent.at("/message/text").asText()).isEqualTo("Sim, ainda está disponível.");

        String echo = igMessage(ig, "17841400000000001", "mid.out-1", "Sim, ainda está disponível.", true);
        assertThat(f.send("POST", "/webhook/meta", echo, Map.of("X-Hub-Signature-256", "sha256=" + ServerFixture.sign(echo))).statusCode())
                .isEqualTo(200);
        String viaMeta = igMessage(ig, "17841400000000001", "aWdf-" + UUID.randomUUID(), "E o preço?", false);
        assertThat(f.send("POST", "/webhook/meta", viaMeta, Map.of("X-Hub-Signature-256", "sha256=" + ServerFixture.sign(viaMeta))).statusCode())
                .isEqualTo(200);
        ServerFixture.await("second reply", () -> f.wiremock.findAll(postRequestedFor(urlPathEqualTo(sendPath))).size() == 2);
        JsonNode conv = f.adminOk("GET", "/users/" + user + "/conversations", null).get("conversations");
        assertThat(conv).hasSize(1);
        assertThat(conv.get(0).get("status").asText()).isEqualTo("active");
        assertThat(conv.get(0).get("channel").asText()).isEqualTo("instagram");

        String unknownObject = "{\"object\":\"page\",\"entry\":[]}";
        assertThat(f.send("POST", "/webhook/meta", unknownObject, Map.of("X-Hub-Signature-256", "sha256=" + ServerFixture.sign(unknownObject)))
                .statusCode()).isEqualTo(400);
    }

    @Test
    void the_same_customer_writing_to_two_tenants_numbers_makes_two_contacts_and_conversations_without_leakage() {
        var a = f.tenant(5, "\"debounce_ms\":0");
        var b = f.tenant(5, "\"debounce_ms\":0");
        f.postWebhook(MetaPayloads.message(a.phoneNumberId(), "5511988887777", "wamid.A-" + UUID.randomUUID(), "Oi loja A"));
        f.postWebhook(MetaPayloads.message(b.phoneNumberId(), "5511988887777", "wamid.B-" + UUID.randomUUID(), "Oi loja B"));
        ServerFixture.await("both replied", () ->
                f.wiremock.findAll(postRequestedFor(urlPathEqualTo("/v23.0/" + a.phoneNumberId() + "/messages"))).size() == 1
                        && f.wiremock.findAll(postRequestedFor(urlPathEqualTo("/v23.0/" + b.phoneNumberId() + "/messages"))).size() == 1);
        JsonNode msgsA = f.adminOk("GET", "/users/" + a.userId() + "/messages", null).get("messages");
        JsonNode msgsB = f.adminOk("GET", "/users/" + b.userId() + "/messages", null).get("messages");
        assertThat(msgsA.findValuesAsText("text")).contains("Oi loja A").doesNotContain("Oi loja B");
        assertThat(msgsB.findValuesAsText("text")).contains("Oi loja B").doesNotContain("Oi loja A");
        String convA = f.adminOk("GET", "/users/" + a.userId() + "/conversations", null).at("/conversations/0/conversation_id").asText();
        String convB = f.adminOk("GET", "/users/" + b.userId() + "/conversations", null).at("/conversations/0/conversation_id").asText();
        assertThat(convA).isNotEqualTo(convB);
        assertThat(f.adminOk("GET", "/users/" + a.userId() + "/conversations", null).at("/conversations/0/contact_id").asText())
                .isNotEqualTo(f.adminOk("GET", "/users/" + b.userId() + "/conversations", null).at("/conversations/0/contact_id").asText());
        assertThat(f.admin("GET", "/users/" + a.userId() + "/conversations/" + convB, null).statusCode()).isEqualTo(404);
        assertThat(f.admin("GET", "/users/" + a.userId() + "/messages?conversation_id=" + convB, null).body()).doesNotContain("Oi loja B");
        assertThat(f.adminOk("GET", "/users/" + a.userId() + "/credits", null).get("remaining_credits").asLong()).isEqualTo(4);
        assertThat(f.adminOk("GET", "/users/" + b.userId() + "/credits", null).get("remaining_credits").asLong()).isEqualTo(4);
    }
}
