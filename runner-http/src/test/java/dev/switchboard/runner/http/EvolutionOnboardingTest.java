package dev.switchboard.runner.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
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

/**
 * Evolution onboarding through {@code POST .../whatsapp/connect} against a WireMock Evolution server:
 * the instance is created with the global key when missing, its webhook pointed at PUBLIC_BASE_URL,
 * and the QR (and pairing code) answered; the global key is also accepted on webhooks.
 */
class EvolutionOnboardingTest {
    private static final String GLOBAL_KEY = "evo-global-key-789";
    private static final String PUBLIC_URL = "https://agent.example.com/";
    private static final String QR = "{\"pairingCode\":\"WZYEH1YY\",\"code\":\"2@y8eK+bjtEjUWy9/FOM\","
            + "\"base64\":\"data:image/png;base64,iVBORw0KGgo=\",\"count\":1}";
    private ServerFixture f;
    private String user;
    private String instance;

    @BeforeEach
    void start() {
        f = new ServerFixture(Map.of("EVOLUTION_API_KEY", GLOBAL_KEY, "PUBLIC_BASE_URL", PUBLIC_URL), s -> {});
        user = "usr_" + UUID.randomUUID().toString().substring(0, 8);
        instance = "loja-" + UUID.randomUUID().toString().substring(0, 8);
        f.adminOk("POST", "/users", "{\"user_id\":\"" + user + "\",\"email\":\"" + user + "@example.com\"}");
        f.adminOk("POST", "/users/" + user + "/phone_numbers", "{\"type\":\"whatsapp\",\"provider\":\"evolution\",\"phone_number_id\":\""
                + instance + "\",\"external_number\":\"+5511977776666\",\"access_token\":\"instance-token-123\",\"server_url\":\""
                + f.wiremock.baseUrl() + "/evo\",\"webhook_token\":\"hook-secret-456\"}");
        f.wiremock.stubFor(post(urlPathEqualTo("/evo/instance/create")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"instance\":{\"instanceName\":\"" + instance + "\",\"instanceId\":\"a0b1c2d3\",\"integration\":\"WHATSAPP-BAILEYS\","
                        + "\"status\":\"connecting\"},\"hash\":\"instance-token-123\",\"qrcode\":" + QR + "}")));
        f.wiremock.stubFor(post(urlPathEqualTo("/evo/webhook/set/" + instance)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"wh1\",\"url\":\"https://agent.example.com/webhooks/evolution\",\"enabled\":true,"
                        + "\"events\":[\"MESSAGES_UPSERT\"],\"headers\":{},\"webhookByEvents\":false,\"webhookBase64\":false}")));
        f.wiremock.stubFor(get(urlPathEqualTo("/evo/instance/connect/" + instance)).willReturn(okJson(QR)));
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private void instanceMissing() {
        f.wiremock.stubFor(get(urlPathEqualTo("/evo/instance/connectionState/" + instance)).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"status\":404,\"error\":\"Not Found\",\"response\":{\"message\":[\"The \\\"" + instance + "\\\" instance does not exist\"]}}")));
    }

    private String connectPath() {
        return "/users/" + user + "/phone_numbers/" + instance + "/whatsapp/connect";
    }

    @Test
    void connect_creates_a_missing_instance_with_the_global_key_sets_our_webhook_and_answers_the_qr_and_pairing_code() {
        instanceMissing();

        JsonNode answer = f.adminOk("POST", connectPath(), "{\"number\":\"+55 11 98888-7777\"}");

        assertThat(answer.get("state").asText()).isEqualTo("connecting");
        assertThat(answer.get("qr_base64").asText()).isEqualTo("data:image/png;base64,iVBORw0KGgo=");
        assertThat(answer.get("pairing_code").asText()).isEqualTo("WZYEH1YY");

        var creates = f.wiremock.findAll(postRequestedFor(urlPathEqualTo("/evo/instance/create")));
        assertThat(creates).hasSize(1);
        assertThat(creates.getFirst().getHeader("apikey")).isEqualTo(GLOBAL_KEY);
        JsonNode create = Json.read(creates.getFirst().getBodyAsString());
        assertThat(create.get("instanceName").asText()).isEqualTo(instance);
        assertThat(create.get("integration").asText()).isEqualTo("WHATSAPP-BAILEYS");
        assertThat(create.get("qrcode").asBoolean()).isTrue();
        assertThat(create.get("token").asText()).isEqualTo("instance-token-123");
        assertThat(create.at("/webhook/url").asText()).isEqualTo("https://agent.example.com/webhooks/evolution");
        assertThat(create.at("/webhook/headers/authorization").asText()).isEqualTo("Bearer hook-secret-456");

        var sets = f.wiremock.findAll(postRequestedFor(urlPathEqualTo("/evo/webhook/set/" + instance)));
        assertThat(sets).hasSize(1);
        assertThat(sets.getFirst().getHeader("apikey")).isEqualTo("instance-token-123");
        JsonNode set = Json.read(sets.getFirst().getBodyAsString()).get("webhook");
        assertThat(set.get("url").asText()).isEqualTo("https://agent.example.com/webhooks/evolution");
        assertThat(set.get("enabled").asBoolean()).isTrue();
        assertThat(set.at("/headers/authorization").asText()).isEqualTo("Bearer hook-secret-456");
        assertThat(set.get("events").toString()).contains("MESSAGES_UPSERT", "MESSAGES_UPDATE", "CONNECTION_UPDATE");

        var connects = f.wiremock.findAll(getRequestedFor(urlPathEqualTo("/evo/instance/connect/" + instance)));
        assertThat(connects).hasSize(1);
        assertThat(connects.getFirst().queryParameter("number").firstValue()).isEqualTo("5511988887777");
        // the existence check asked with the global key
        var checks = f.wiremock.findAll(getRequestedFor(urlPathEqualTo("/evo/instance/connectionState/" + instance)));
        assertThat(checks).extracting(r -> r.getHeader("apikey")).containsOnly(GLOBAL_KEY);
    }

    @Test
    void an_instance_that_already_exists_is_not_created_again_but_its_webhook_is_set() {
        f.wiremock.stubFor(get(urlPathEqualTo("/evo/instance/connectionState/" + instance))
                .willReturn(okJson("{\"instance\":{\"instanceName\":\"" + instance + "\",\"state\":\"close\"}}")));

        JsonNode answer = f.adminOk("POST", connectPath(), null);

        assertThat(answer.get("qr_base64").asText()).startsWith("data:image/png;base64,");
        assertThat(f.wiremock.findAll(postRequestedFor(urlPathEqualTo("/evo/instance/create")))).isEmpty();
        assertThat(f.wiremock.findAll(postRequestedFor(urlPathEqualTo("/evo/webhook/set/" + instance)))).hasSize(1);
        // without a number in the body, the pairing code is asked for the account's own number
        assertThat(f.wiremock.findAll(getRequestedFor(urlPathEqualTo("/evo/instance/connect/" + instance))).getFirst()
                .queryParameter("number").firstValue()).isEqualTo("5511977776666");
    }

    @Test
    void a_failing_evolution_server_is_a_502_with_the_correlation_id_and_nothing_of_its_answer() {
        instanceMissing();
        f.wiremock.stubFor(post(urlPathEqualTo("/evo/instance/create")).willReturn(aResponse().withStatus(500)
                .withBody("{\"message\":\"prisma error at db-internal-7\"}")));

        var r = f.send("POST", connectPath(), null, Map.of("x-api-key", ServerFixture.ADMIN_KEY, "x-correlation-id", "req-onboard-1"));

        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(Json.read(r.body()).get("correlation_id").asText()).isEqualTo("req-onboard-1");
        assertThat(r.body()).doesNotContain("db-internal-7").doesNotContain(instance).doesNotContain(GLOBAL_KEY);
        assertThat(f.wiremock.findAll(postRequestedFor(urlPathEqualTo("/evo/webhook/set/" + instance)))).isEmpty();
    }

    @Test
    void a_number_that_is_not_a_phone_number_is_a_400_before_any_call() {
        var r = f.admin("POST", connectPath(), "{\"number\":\"call me\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Json.read(r.body()).get("field").asText()).isEqualTo("number");
        assertThat(f.wiremock.findAll(postRequestedFor(urlPathEqualTo("/evo/instance/create")))).isEmpty();
    }

    @Test
    void a_webhook_carrying_the_global_key_as_apikey_header_is_accepted_and_a_wrong_one_is_not() {
        String body = "{\"event\":\"messages.upsert\",\"instance\":\"" + instance + "\",\"data\":{\"key\":{\"remoteJid\":"
                + "\"5511988887777@s.whatsapp.net\",\"fromMe\":false,\"id\":\"3EB0GLOBAL01\"},\"pushName\":\"Maria\","
                + "\"message\":{\"conversation\":\"Oi\"},\"messageType\":\"conversation\",\"messageTimestamp\":1761041730}}";
        for (String path : new String[] {"/webhooks/evolution", "/api/webhooks/evolution", "/api/webhooks/whatsapp/evolution"}) {
            assertThat(f.send("POST", path, body, Map.of("apikey", "wrong-key")).statusCode()).as(path).isEqualTo(401);
            assertThat(f.send("POST", path, body, Map.of("apikey", GLOBAL_KEY)).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(f.send("POST", "/webhooks/evolution", body, Map.of("apikey", "instance-token-123")).statusCode()).isEqualTo(200);
    }
}
