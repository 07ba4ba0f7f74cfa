package dev.switchboard.runner.http;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 6 over real HTTP: the model escalates, an operator resumes; lead extraction once quiet. */
class OperatorAndExtractionTest {
    private ServerFixture f;

    @BeforeEach
    void start() {
        f = new ServerFixture();
        OpenAiStubs.replyWith(f.wiremock, "Posso ajudar.");
        OpenAiStubs.metaAccepts(f.wiremock);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private int sends(String pn) {
        return f.wiremock.findAll(postRequestedFor(urlPathEqualTo("/v23.0/" + pn + "/messages"))).size();
    }

    private int modelCalls() {
        return f.wiremock.findAll(postRequestedFor(urlPathEqualTo("/v1/responses"))).size();
    }

    private static String functionCall(String name, String reason) {
        return """
                {"id":"resp_fc","object":"response","created_at":1741476542,"status":"completed","error":null,
                 "incomplete_details":null,"model":"gpt-4o-mini",
                 "output":[{"type":"function_call","id":"fc_1","call_id":"call_1","name":"%s",
                            "arguments":"{\\"reason\\":\\"%s\\"}","status":"completed"}],
                 "usage":{"input_tokens":20,"input_tokens_details":{"cached_tokens":0},"output_tokens":10,
                          "output_tokens_details":{"reasoning_tokens":0},"total_tokens":30}}
                """.formatted(name, reason);
    }

    @Test
    void escalate_function_call_silences_the_bot_until_an_operator_resumes_the_conversation() throws Exception {
        var t = f.tenant(10, "\"debounce_ms\":0");
        f.wiremock.stubFor(post(urlPathEqualTo("/v1/responses")).withRequestBody(containing("quero falar com um humano"))
                .willReturn(okJson(functionCall("escalate_conversation", "customer asked for a human"))));
        f.wiremock.stubFor(post(urlPathEqualTo("/v1/responses")).withRequestBody(containing("function_call_output"))
                .willReturn(okJson(OpenAiStubs.response("Vou chamar um atendente."))));

        f.postWebhook(MetaPayloads.message(t.phoneNumberId(), "16505551234", "wamid.e1-" + UUID.randomUUID(), "quero falar com um humano"));
        ServerFixture.await("escalation reply", () -> sends(t.phoneNumberId()) == 1);
        JsonNode conv = f.adminOk("GET", "/users/" + t.userId() + "/conversations", null).get("conversations").get(0);
        String convId = conv.get("conversation_id").asText();
        ServerFixture.await("escalated", () -> f.adminOk("GET", "/users/" + t.userId() + "/conversations/" + convId, null)
                .get("status").asText().equals("escalated"));
        assertThat(f.adminOk("GET", "/users/" + t.userId() + "/conversations/" + convId, null).get("status_reason").asText())
                .isEqualTo("customer asked for a human");

        int callsBefore = modelCalls();
        f.postWebhook(MetaPayloads.message(t.phoneNumberId(), "16505551234", "wamid.e2-" + UUID.randomUUID(), "alô?"));
        ServerFixture.await("second inbound stored", () -> f.adminOk("GET", "/users/" + t.userId() + "/messages", null).get("messages").size() == 3);
        Thread.sleep(500);
        assertThat(modelCalls()).isEqualTo(callsBefore);
        assertThat(sends(t.phoneNumberId())).isEqualTo(1);
        assertThat(f.adminOk("GET", "/users/" + t.userId() + "/conversations?status=escalated", null).get("conversations")).hasSize(1);

        f.adminOk("PATCH", "/users/" + t.userId() + "/conversations/" + convId, "{\"status\":\"active\"}");
        f.postWebhook(MetaPayloads.message(t.phoneNumberId(), "16505551234", "wamid.e3-" + UUID.randomUUID(), "ainda preciso de ajuda"));
        ServerFixture.await("bot answers again", () -> sends(t.phoneNumberId()) == 2);
        assertThat(f.admin("PATCH", "/users/" + t.userId() + "/conversations/" + convId, "{\"status\":\"archived\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void an_operator_message_is_sent_to_the_customer_and_pauses_the_bot() throws Exception {
        var t = f.tenant(10, "\"debounce_ms\":0");
        f.postWebhook(MetaPayloads.message(t.phoneNumberId(), "16505551234", "wamid.o1-" + UUID.randomUUID(), "oi"));
        ServerFixture.await("bot reply", () -> sends(t.phoneNumberId()) == 1);
        String convId = f.adminOk("GET", "/users/" + t.userId() + "/conversations", null).at("/conversations/0/conversation_id").asText();

        var r = f.admin("POST", "/users/" + t.userId() + "/conversations/" + convId + "/messages", "{\"text\":\"Aqui é a Carla, da loja.\"}");
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(Json.read(r.body()).get("sender").asText()).isEqualTo("human");
        ServerFixture.await("operator message sent", () -> sends(t.phoneNumberId()) == 2);
        JsonNode sent = Json.read(f.wiremock.findAll(postRequestedFor(urlPathEqualTo("/v23.0/" + t.phoneNumberId() + "/messages"))).get(1).getBodyAsString());
        assertThat(sent.at("/text/body").asText()).isEqualTo("Aqui é a Carla, da loja.");
        assertThat(f.adminOk("GET", "/users/" + t.userId() + "/conversations/" + convId, null).get("status").asText()).isEqualTo("paused");

        int calls = modelCalls();
        f.postWebhook(MetaPayloads.message(t.phoneNumberId(), "16505551234", "wamid.o2-" + UUID.randomUUID(), "obrigado Carla"));
        ServerFixture.await("inbound stored", () -> f.adminOk("GET", "/users/" + t.userId() + "/messages", null).get("messages").size() == 4);
        Thread.sleep(500);
        assertThat(modelCalls()).isEqualTo(calls);
        assertThat(f.admin("POST", "/users/" + t.userId() + "/conversations/" + convId + "/messages", "{}").statusCode()).isEqualTo(400);
    }

    @Test
    void an_operator_sends_a_template_and_a_document_in_the_shape_meta_requires() {
        var t = f.tenant(10, "\"debounce_ms\":0");
        f.postWebhook(MetaPayloads.message(t.phoneNumberId(), "16505551234", "wamid.t1-" + UUID.randomUUID(), "oi"));
        ServerFixture.await("bot reply", () -> sends(t.phoneNumberId()) == 1);
        String convId = f.adminOk("GET", "/users/" + t.userId() + "/conversations", null).at("/conversations/0/conversation_id").asText();
        String path = "/users/" + t.userId() + "/conversations/" + convId + "/messages";

        var bad = f.admin("POST", path, "{\"template\":{\"name\":\"order_update\"}}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Json.read(bad.body()).get("field").asText()).isEqualTo("template.language");

        var r = f.admin("POST", path, "{\"template\":{\"name\":\"order_update\",\"language\":\"pt_BR\",\"body_parameters\":[\"Ana\",\"#12\"]}}");
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(Json.read(r.body()).get("type").asText()).isEqualTo("template");
        ServerFixture.await("template sent", () -> sends(t.phoneNumberId()) == 2);
        f.admin("POST", path, "{\"media\":{\"type\":\"document\",\"link\":\"https://example.com/prices.pdf\",\"caption\":\"Prices\",\"filename\":\"prices.pdf\"}}");
        ServerFixture.await("document sent", () -> sends(t.phoneNumberId()) == 3);

        var sent = f.wiremock.findAll(postRequestedFor(urlPathEqualTo("/v23.0/" + t.phoneNumberId() + "/messages")));
        JsonNode template = Json.read(sent.get(1).getBodyAsString());
        assertThat(template.get("type").asText()).isEqualTo("template");
        assertThat(template.at("/template/name").asText()).isEqualTo("order_update");
        assertThat(template.at("/template/language/code").asText()).isEqualTo("pt_BR");
        assertThat(template.at("/template/components/0/parameters/1/text").asText()).isEqualTo("#12");
        JsonNode document = Json.read(sent.get(2).getBodyAsString());
        assertThat(document.get("type").asText()).isEqualTo("document");
        assertThat(document.at("/document/link").asText()).isEqualTo("https://example.com/prices.pdf");
        assertThat(document.at("/document/caption").asText()).isEqualTo("Prices");
        assertThat(document.at("/document/filename").asText()).isEqualTo("prices.pdf");
    }

    @Test
    void a_quiet_conversation_is_extracted_and_invalid_model_output_is_retried_not_stored() {
        var t = f.tenant(10, "\"debounce_ms\":0,\"extraction_interval_ms\":1000");
        String bad = "{\\\"name\\\":\\\"Maria\\\",\\\"email\\\":\\\"not-an-email\\\",\\\"company\\\":null,\\\"intent\\\":\\\"demo\\\",\\\"urgency\\\":7,"
                + "\\\"budget\\\":null,\\\"fit\\\":null,\\\"engagement\\\":null,\\\"demo_datetime\\\":null,\\\"smart_notification\\\":null}";
        String good = "{\\\"name\\\":\\\"Maria Silva\\\",\\\"email\\\":\\\"maria@example.com\\\",\\\"company\\\":\\\"Loja Centro\\\",\\\"intent\\\":\\\"demo\\\","
                + "\\\"urgency\\\":3,\\\"budget\\\":2,\\\"fit\\\":3,\\\"engagement\\\":2,\\\"demo_datetime\\\":\\\"2026-12-01T15:00:00Z\\\","
                + "\\\"smart_notification\\\":\\\"Wants a demo next week\\\"}";
        f.wiremock.stubFor(post(urlPathEqualTo("/v1/responses")).withRequestBody(containing("lead_extraction"))
                .inScenario("extract").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(OpenAiStubs.response(bad))).willSetStateTo("second"));
        f.wiremock.stubFor(post(urlPathEqualTo("/v1/responses")).withRequestBody(containing("lead_extraction"))
                .inScenario("extract").whenScenarioStateIs("second")
                .willReturn(okJson(OpenAiStubs.response(good))));

        f.postWebhook(MetaPayloads.message(t.phoneNumberId(), "16505551234", "wamid.x1-" + UUID.randomUUID(),
                "Sou a Maria da Loja Centro, maria@example.com, quero uma demo"));
        ServerFixture.await("one extraction stored", () -> f.adminOk("GET", "/users/" + t.userId() + "/extractions", null)
                .get("extractions").size() == 1);
        JsonNode e = f.adminOk("GET", "/users/" + t.userId() + "/extractions", null).get("extractions").get(0);
        assertThat(e.get("email").asText()).isEqualTo("maria@example.com");
        assertThat(e.get("urgency").asInt()).isEqualTo(3);
        assertThat(e.get("demo_datetime").asText()).isEqualTo("2026-12-01T15:00:00Z");
        assertThat(f.wiremock.findAll(postRequestedFor(urlPathEqualTo("/v1/responses")).withRequestBody(containing("lead_extraction"))))
                .hasSize(2);
        JsonNode messages = f.adminOk("GET", "/users/" + t.userId() + "/messages", null);
        assertThat(messages.at("/extractions").elements().next().get("name").asText()).isEqualTo("Maria Silva");
    }
}
