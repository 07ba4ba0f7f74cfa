package dev.switchboard.runner.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 2's end-to-end behaviour: WhatsApp webhook in, OpenAI reply out, over real HTTP. */
class WhatsAppFlowTest {
    private ServerFixture f;

    @BeforeEach
    void start() {
        f = new ServerFixture();
        OpenAiStubs.replyWith(f.wiremock, "Sim, temos em azul.");
        OpenAiStubs.metaAccepts(f.wiremock);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private static String wamid() {
        return "wamid.HBgL" + UUID.randomUUID().toString().replace("-", "");
    }

    private List<LoggedRequest> sends(String pn) {
        return f.wiremock.findAll(postRequestedFor(urlPathEqualTo("/v23.0/" + pn + "/messages")));
    }

    private List<LoggedRequest> modelCalls() {
        return f.wiremock.findAll(postRequestedFor(urlPathEqualTo("/v1/responses")));
    }

    private JsonNode messages(ServerFixture.Tenant t) {
        return f.adminOk("GET", "/users/" + t.userId() + "/messages", null).get("messages");
    }

    @Test
    void signed_webhook_with_escaped_non_ascii_text_gets_one_ai_reply_and_the_next_turn_reuses_the_openai_conversation() {
        var t = f.tenant(10, "\"debounce_ms\":0");
        String body = MetaPayloads.message(t.phoneNumberId(), "16505551234", wamid(), "Voc\\u00ea tem caf\\u00e9?");
        var r = f.postWebhook(body);
        assertThat(r.statusCode()).isEqualTo(200);

        ServerFixture.await("one send to Meta", () -> sends(t.phoneNumberId()).size() == 1);
        JsonNode sent = Json.read(sends(t.phoneNumberId()).getFirst().getBodyAsString());
        assertThat(sent.get("messaging_product").asText()).isEqualTo("whatsapp");
        assertThat(sent.get("recipient_type").asText()).isEqualTo("individual");
        assertThat(sent.get("to").asText()).isEqualTo("+16505551234");
        assertThat(sent.get("type").asText()).isEqualTo("text");
        assertThat(sent.at("/text/body").asText()).isEqualTo("Sim, temos em azul.");
        assertThat(sends(t.phoneNumberId()).getFirst().getHeader("Authorization")).isEqualTo("Bearer EAAG-secret-token-" + t.phoneNumberId());

        JsonNode first = Json.read(modelCalls().getFirst().getBodyAsString());
        assertThat(first.at("/prompt/id").asText()).isEqualTo("pmpt_68a1c0ffee");
        assertThat(first.at("/prompt/version").asText()).isEqualTo("4");
        assertThat(first.toString()).contains("Você tem café?");

        JsonNode stored = messages(t);
        assertThat(stored.get(0).get("text").asText()).isEqualTo("Você tem café?");

        f.postWebhook(MetaPayloads.message(t.phoneNumberId(), "16505551234", wamid(), "E em verde?"));
        ServerFixture.await("second send", () -> sends(t.phoneNumberId()).size() == 2);
        JsonNode second = Json.read(modelCalls().get(1).getBodyAsString());
        assertThat(first.get("conversation").asText()).isNotBlank();
        assertThat(second.get("conversation").asText()).isEqualTo(first.get("conversation").asText());
        assertThat(f.wiremock.findAll(postRequestedFor(urlPathEqualTo("/v1/conversations")))).hasSize(1);

        JsonNode all = messages(t);
        assertThat(all).hasSize(4);
        assertThat(all.get(1).get("sender").asText()).isEqualTo("agent");
        assertThat(all.get(1).get("status").asText()).isEqualTo("sent");
        assertThat(all.get(1).get("external_id").asText()).startsWith("wamid.");
        assertThat(all.get(1).at("/usage/total_tokens").asLong()).isEqualTo(123);
        assertThat(f.adminOk("GET", "/users/" + t.userId() + "/credits", null).get("remaining_credits").asLong()).isEqualTo(8);
    }

    @Test
    void the_same_webhook_twice_and_five_times_concurrently_is_processed_once() throws Exception {
        var t = f.tenant(10, "\"debounce_ms\":0");
        String body = MetaPayloads.message(t.phoneNumberId(), "16505551234", wamid(), "Hi");
        assertThat(f.postWebhook(body).statusCode()).isEqualTo(200);
        assertThat(f.postWebhook(body).statusCode()).isEqualTo(200);
        ExecutorService pool = Executors.newFixedThreadPool(5);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> codes = new ArrayList<>();
        for (int i = 0; i < 5; i++) codes.add(pool.submit(() -> {
            go.await();
            return f.postWebhook(body).statusCode();
        }));
        go.countDown();
        for (Future<Integer> c : codes) assertThat(c.get()).isEqualTo(200);
        pool.shutdown();

        ServerFixture.await("the reply", () -> sends(t.phoneNumberId()).size() == 1);
        ServerFixture.await("the reply recorded as sent", () -> messages(t).size() == 2);
        Thread.sleep(300); // give a wrongly duplicated turn the chance to show itself
        assertThat(sends(t.phoneNumberId())).hasSize(1);
        assertThat(modelCalls()).hasSize(1);
        JsonNode all = messages(t);
        assertThat(all).filteredOn(m -> m.get("direction").asText().equals("inbound")).hasSize(1);
    }

    @Test
    void a_bad_or_missing_signature_is_refused_and_nothing_is_stored_or_sent() throws Exception {
        var t = f.tenant(10, "\"debounce_ms\":0");
        String body = MetaPayloads.message(t.phoneNumberId(), "16505551234", wamid(), "Hi");
        var forged = f.send("POST", "/webhooks/whatsapp", body, Map.of("X-Hub-Signature-256", "sha256=" + "0".repeat(64)));
        var unsigned = f.send("POST", "/webhooks/whatsapp", body, Map.of());
        var otherBody = f.send("POST", "/webhooks/whatsapp", body.replace("Hi", "Ho"),
                Map.of("X-Hub-Signature-256", "sha256=" + ServerFixture.sign(body)));
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(otherBody.statusCode()).isEqualTo(401);
        Thread.sleep(300);
        assertThat(messages(t)).isEmpty();
        assertThat(sends(t.phoneNumberId())).isEmpty();
        assertThat(modelCalls()).isEmpty();
    }

    @Test
    void three_messages_in_one_batch_within_the_debounce_window_get_one_model_call_and_one_reply() {
        var t = f.tenant(10, "\"debounce_ms\":600");
        f.postWebhook(MetaPayloads.messages(t.phoneNumberId(), "16505551234", new String[] {wamid(), wamid(), wamid()},
                new String[] {"Oi", "queria saber o preço", "do plano anual"}));
        ServerFixture.await("the reply", () -> sends(t.phoneNumberId()).size() == 1);
        assertThat(modelCalls()).hasSize(1);
        String input = Json.read(modelCalls().getFirst().getBodyAsString()).get("input").toString();
        assertThat(input).contains("Oi").contains("queria saber o preço").contains("do plano anual");
    }

    @Test
    void three_webhooks_within_the_debounce_window_get_one_model_call_that_sees_all_three() throws Exception {
        var t = f.tenant(10, "\"debounce_ms\":800");
        for (String text : new String[] {"Oi", "tudo bem?", "quero um orçamento"}) {
            assertThat(f.postWebhook(MetaPayloads.message(t.phoneNumberId(), "5511988887777", wamid(), text)).statusCode()).isEqualTo(200);
            Thread.sleep(100);
        }
        ServerFixture.await("the reply", () -> sends(t.phoneNumberId()).size() == 1);
        Thread.sleep(1000);
        assertThat(sends(t.phoneNumberId())).hasSize(1);
        assertThat(modelCalls()).hasSize(1);
        String input = Json.read(modelCalls().getFirst().getBodyAsString()).get("input").toString();
        assertThat(input).contains("Oi").contains("tudo bem?").contains("quero um orçamento");
    }

    @Test
    void two_customers_never_wait_on_each_other() {
        var t = f.tenant(10, "\"debounce_ms\":0");
        f.wiremock.stubFor(post(urlPathEqualTo("/v1/responses")).withRequestBody(containing("slow customer"))
                .willReturn(okJson(OpenAiStubs.response("Answer for the slow one.")).withFixedDelay(2500)));
        f.postWebhook(MetaPayloads.message(t.phoneNumberId(), "16505550001", wamid(), "I am the slow customer"));
        f.postWebhook(MetaPayloads.message(t.phoneNumberId(), "16505550002", wamid(), "I am quick"));
        ServerFixture.await("both replies", () -> sends(t.phoneNumberId()).size() == 2);
        List<LoggedRequest> sends = sends(t.phoneNumberId());
        assertThat(Json.read(sends.get(0).getBodyAsString()).get("to").asText()).isEqualTo("+16505550002");
        assertThat(Json.read(sends.get(1).getBodyAsString()).get("to").asText()).isEqualTo("+16505550001");
    }

    @Test
    void a_send_failing_500_500_then_succeeding_ends_sent_after_three_attempts() {
        var t = f.tenant(10, "\"debounce_ms\":0");
        String path = "/v23.0/" + t.phoneNumberId() + "/messages";
        String error = "{\"error\":{\"message\":\"Service temporarily unavailable\",\"type\":\"OAuthException\",\"code\":131016,\"fbtrace_id\":\"Az8\"}}";
        f.wiremock.stubFor(post(urlPathEqualTo(path)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withBody(error)).willSetStateTo("one"));
        f.wiremock.stubFor(post(urlPathEqualTo(path)).inScenario("flaky").whenScenarioStateIs("one")
                .willReturn(aResponse().withStatus(500).withBody(error)).willSetStateTo("two"));
        f.wiremock.stubFor(post(urlPathEqualTo(path)).inScenario("flaky").whenScenarioStateIs("two")
                .willReturn(okJson("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.third-time-lucky\"}]}")));
        f.postWebhook(MetaPayloads.message(t.phoneNumberId(), "16505551234", wamid(), "Hi"));
        ServerFixture.await("reply sent", () -> messages(t).size() == 2 && messages(t).get(1).get("status").asText().equals("sent"));
        JsonNode reply = messages(t).get(1);
        assertThat(reply.get("attempts").asInt()).isEqualTo(3);
        assertThat(reply.get("external_id").asText()).isEqualTo("wamid.third-time-lucky");
        assertThat(sends(t.phoneNumberId())).hasSize(3);
    }

    @Test
    void a_400_from_meta_fails_at_once_with_metas_code_and_message() {
        var t = f.tenant(10, "\"debounce_ms\":0");
        f.wiremock.stubFor(post(urlPathEqualTo("/v23.0/" + t.phoneNumberId() + "/messages")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"(#100) Invalid parameter\",\"type\":\"OAuthException\",\"code\":100,"
                        + "\"error_data\":{\"messaging_product\":\"whatsapp\",\"details\":\"Invalid recipient\"},\"fbtrace_id\":\"A1\"}}")));
        f.postWebhook(MetaPayloads.message(t.phoneNumberId(), "16505551234", wamid(), "Hi"));
        ServerFixture.await("reply failed", () -> messages(t).size() == 2 && messages(t).get(1).get("status").asText().equals("failed"));
        JsonNode reply = messages(t).get(1);
        assertThat(reply.get("attempts").asInt()).isEqualTo(1);
        assertThat(reply.get("error_code").asText()).isEqualTo("100");
        assertThat(reply.get("last_error").asText()).contains("Invalid parameter");
        assertThat(sends(t.phoneNumberId())).hasSize(1);
    }

    @Test
    void without_credits_there_is_no_model_call_and_no_reply_but_the_message_is_stored_and_visible() throws Exception {
        var t = f.tenant(0, "\"debounce_ms\":0");
        assertThat(f.postWebhook(MetaPayloads.message(t.phoneNumberId(), "16505551234", wamid(), "Anyone there?")).statusCode()).isEqualTo(200);
        ServerFixture.await("inbound stored", () -> messages(t).size() == 1);
        Thread.sleep(500);
        assertThat(modelCalls()).isEmpty();
        assertThat(sends(t.phoneNumberId())).isEmpty();
        JsonNode m = messages(t).get(0);
        assertThat(m.get("text").asText()).isEqualTo("Anyone there?");
        assertThat(m.get("direction").asText()).isEqualTo("inbound");
    }

    @Test
    void a_delivery_status_webhook_updates_the_reply_and_a_late_delivered_does_not_undo_read() {
        var t = f.tenant(10, "\"debounce_ms\":0");
        f.postWebhook(MetaPayloads.message(t.phoneNumberId(), "16505551234", wamid(), "Hi"));
        ServerFixture.await("reply sent", () -> messages(t).size() == 2 && messages(t).get(1).get("status").asText().equals("sent"));
        String out = messages(t).get(1).get("external_id").asText();
        assertThat(f.postWebhook(MetaPayloads.status(t.phoneNumberId(), out, "read", null)).statusCode()).isEqualTo(200);
        assertThat(f.postWebhook(MetaPayloads.status(t.phoneNumberId(), out, "delivered", null)).statusCode()).isEqualTo(200);
        assertThat(messages(t).get(1).get("status").asText()).isEqualTo("read");
    }
}
