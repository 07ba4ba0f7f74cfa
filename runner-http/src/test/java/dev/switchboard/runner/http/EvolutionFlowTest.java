package dev.switchboard.runner.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
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

/** A self-hosted Evolution API v2 number through the server: registration, webhook auth, replies, echoes, connection. */
class EvolutionFlowTest {
    private ServerFixture f;
    private String user;
    private String instance;

    @BeforeEach
    void start() {
        f = new ServerFixture();
        OpenAiStubs.replyWith(f.wiremock, "Claro, segue o orçamento.");
        user = "usr_" + UUID.randomUUID().toString().substring(0, 8);
        instance = "loja-" + UUID.randomUUID().toString().substring(0, 8);
        f.adminOk("POST", "/users", "{\"user_id\":\"" + user + "\",\"email\":\"" + user + "@example.com\"}");
        f.adminOk("POST", "/users/" + user + "/phone_numbers", "{\"type\":\"whatsapp\",\"provider\":\"evolution\",\"phone_number_id\":\""
                + instance + "\",\"external_number\":\"+5511977776666\",\"access_token\":\"instance-token-123\",\"server_url\":\""
                + f.wiremock.baseUrl() + "/evo\",\"webhook_token\":\"hook-secret-456\"}");
        f.adminOk("POST", "/users/" + user + "/agents", "{\"name\":\"Evo\",\"phone_number_id\":\"" + instance
                + "\",\"prompt_id\":\"pmpt_evo\",\"debounce_ms\":0}");
        f.adminOk("POST", "/users/" + user + "/credits", "{\"amount\":5}");
        f.wiremock.stubFor(post(urlPathEqualTo("/evo/message/sendText/" + instance)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"key\":{\"remoteJid\":\"5511988887777@s.whatsapp.net\",\"fromMe\":true,\"id\":\"3EB0SENT0000000001\"},"
                        + "\"status\":\"PENDING\",\"message\":{\"conversation\":\"x\"},\"messageType\":\"conversation\",\"messageTimestamp\":1761041790}")));
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private String upsert(String id, boolean fromMe, String remoteJid, String text) {
        return "{\"event\":\"messages.upsert\",\"instance\":\"" + instance + "\",\"data\":{\"key\":{\"remoteJid\":\"" + remoteJid
                + "\",\"fromMe\":" + fromMe + ",\"id\":\"" + id + "\"},\"pushName\":\"Maria Silva\",\"status\":\"DELIVERY_ACK\","
                + "\"message\":{\"conversation\":\"" + text + "\"},\"messageType\":\"conversation\",\"messageTimestamp\":1761041730},"
                + "\"date_time\":\"2025-10-21T07:15:30.123Z\",\"sender\":\"5511977776666@s.whatsapp.net\",\"apikey\":null}";
    }

    private int sends() {
        return f.wiremock.findAll(postRequestedFor(urlPathEqualTo("/evo/message/sendText/" + instance))).size();
    }

    private int deliver(String body, String auth) {
        return f.send("POST", "/webhooks/evolution", body, auth == null ? Map.of() : Map.of("Authorization", auth)).statusCode();
    }

    @Test
    void an_evolution_message_is_answered_through_evolution_and_its_echo_of_our_send_changes_nothing() throws Exception {
        assertThat(deliver(upsert("3EB0IN0001", false, "5511988887777@s.whatsapp.net", "Olá, quero um orçamento"), "Bearer hook-secret-456"))
                .isEqualTo(200);
        ServerFixture.await("reply via Evolution", () -> sends() == 1);
        var sent = f.wiremock.findAll(postRequestedFor(urlPathEqualTo("/evo/message/sendText/" + instance))).getFirst();
        assertThat(sent.getHeader("apikey")).isEqualTo("instance-token-123");
        JsonNode body = Json.read(sent.getBodyAsString());
        assertThat(body.get("number").asText()).contains("5511988887777");
        assertThat(body.get("text").asText()).isEqualTo("Claro, segue o orçamento.");

        assertThat(deliver(upsert("3EB0SENT0000000001", true, "5511988887777@s.whatsapp.net", "Claro, segue o orçamento."), "Bearer hook-secret-456"))
                .isEqualTo(200);
        JsonNode conv = f.adminOk("GET", "/users/" + user + "/conversations", null).at("/conversations/0");
        assertThat(conv.get("status").asText()).isEqualTo("active");
        JsonNode contact = f.adminOk("GET", "/users/" + user + "/messages", null).at("/messages/0");
        assertThat(contact.get("text").asText()).isEqualTo("Olá, quero um orçamento");
    }

    @Test
    void a_message_sent_from_the_business_phone_pauses_the_bot_and_group_messages_are_ignored() throws Exception {
        deliver(upsert("3EB0IN0002", false, "5511988887777@s.whatsapp.net", "oi"), "Bearer hook-secret-456");
        ServerFixture.await("reply", () -> sends() == 1);
        deliver(upsert("3EB0PHONE01", true, "5511988887777@s.whatsapp.net", "Oi Maria, aqui é o João da loja"), "Bearer hook-secret-456");
        assertThat(f.adminOk("GET", "/users/" + user + "/conversations", null).at("/conversations/0/status").asText()).isEqualTo("paused");
        assertThat(deliver(upsert("3EB0GROUP1", false, "120363025246125486@g.us", "alguém?"), "Bearer hook-secret-456")).isEqualTo(200);
        Thread.sleep(300);
        assertThat(f.adminOk("GET", "/users/" + user + "/conversations", null).get("conversations")).hasSize(1);
        assertThat(sends()).isEqualTo(1);
    }

    @Test
    void unauthenticated_evolution_webhooks_are_refused_and_the_body_apikey_is_accepted() {
        String body = upsert("3EB0IN0003", false, "5511988887777@s.whatsapp.net", "oi");
        assertThat(deliver(body, null)).isEqualTo(401);
        assertThat(deliver(body, "Bearer wrong")).isEqualTo(401);
        assertThat(f.adminOk("GET", "/users/" + user + "/messages", null).get("messages")).isEmpty();
        assertThat(deliver(body.replace("\"apikey\":null", "\"apikey\":\"instance-token-123\""), null)).isEqualTo(200);
    }

    @Test
    void connection_status_connect_and_disconnect_go_to_evolution() {
        f.wiremock.stubFor(get(urlPathEqualTo("/evo/instance/connectionState/" + instance))
                .willReturn(okJson("{\"instance\":{\"instanceName\":\"" + instance + "\",\"state\":\"close\"}}")));
        f.wiremock.stubFor(get(urlPathEqualTo("/evo/instance/connect/" + instance))
                .willReturn(okJson("{\"pairingCode\":\"WZYEH1YY\",\"code\":\"2@y8eK+bjtEjUWy9/FOM\",\"base64\":\"data:image/png;base64,iVBORw0KGgo=\",\"count\":1}")));
        assertThat(f.adminOk("GET", "/users/" + user + "/phone_numbers/" + instance + "/whatsapp/status", null).get("state").asText())
                .isEqualTo("close");
        JsonNode connect = f.adminOk("POST", "/users/" + user + "/phone_numbers/" + instance + "/whatsapp/connect", null);
        assertThat(connect.get("qr_base64").asText()).startsWith("data:image/png;base64,");
        var other = f.tenant(0, "");
        var r = f.admin("GET", "/users/" + other.userId() + "/phone_numbers/" + other.phoneNumberId() + "/whatsapp/status", null);
        assertThat(r.statusCode()).isEqualTo(400);
    }
    @Test
    void an_evolution_server_failure_is_a_502_with_the_correlation_id_and_no_upstream_detail() {
        f.wiremock.stubFor(get(urlPathEqualTo("/evo/instance/connectionState/" + instance))
                .willReturn(aResponse().withStatus(500).withBody("{\"message\":\"stack trace at db-internal-7\"}")));
        var r = f.send("GET", "/users/" + user + "/phone_numbers/" + instance + "/whatsapp/status", null,
                Map.of("x-api-key", ServerFixture.ADMIN_KEY, "x-correlation-id", "req-502"));
        assertThat(r.statusCode()).isEqualTo(502);
        JsonNode body = Json.read(r.body());
        assertThat(body.get("correlation_id").asText()).isEqualTo("req-502");
        assertThat(r.body()).doesNotContain("db-internal-7").doesNotContain(instance).doesNotContainIgnoringCase("evolution");
    }
}
