package dev.switchboard.runner.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Telegram bot through the real server, WireMock standing in for the Bot API (api-contracts §5)
 * and OpenAI: registration, webhook secret, private and group chats, long replies, flood control,
 * a blocked bot, photos, /start, redeliveries, edits and deletion.
 */
class TelegramFlowTest {
    private static final String TOKEN = "7012345678:AAE-test-token_xyz";
    private static final String BOT = "/tg/bot" + TOKEN;
    private static final String BOT_ID = "7012345678";
    private static final String PUBLIC = "https://agent.example.com";
    private static final String GREETING = "Olá! Sou o assistente da Loja.";

    private ServerFixture f;
    private String user;
    private JsonNode registration;
    private String secret;

    @BeforeEach
    void start() {
        f = new ServerFixture(Map.of("PUBLIC_BASE_URL", PUBLIC), s -> {});
        OpenAiStubs.replyWith(f.wiremock, "Sim, das 9h às 13h.");
        f.wiremock.stubFor(post(urlPathEqualTo(BOT + "/getMe")).willReturn(okJson(
                "{\"ok\":true,\"result\":{\"id\":7012345678,\"is_bot\":true,\"first_name\":\"LojaBot\",\"username\":\"loja_bot\"}}")));
        f.wiremock.stubFor(post(urlPathEqualTo(BOT + "/setWebhook"))
                .willReturn(okJson("{\"ok\":true,\"result\":true,\"description\":\"Webhook was set\"}")));
        f.wiremock.stubFor(post(urlPathEqualTo(BOT + "/deleteWebhook"))
                .willReturn(okJson("{\"ok\":true,\"result\":true,\"description\":\"Webhook was deleted\"}")));
        f.wiremock.stubFor(post(urlPathEqualTo(BOT + "/sendChatAction")).willReturn(okJson("{\"ok\":true,\"result\":true}")));
        sendMessageAnswers(okJson(sent(1100)));
        user = "usr_" + UUID.randomUUID().toString().substring(0, 8);
        f.adminOk("POST", "/users", "{\"user_id\":\"" + user + "\",\"email\":\"" + user + "@example.com\"}");
        registration = f.adminOk("POST", "/users/" + user + "/phone_numbers",
                "{\"type\":\"telegram\",\"access_token\":\"" + TOKEN + "\",\"display_name\":\"Loja\"}");
        secret = Json.read(setWebhookCalls().getFirst().getBodyAsString()).get("secret_token").asText();
        f.adminOk("POST", "/users/" + user + "/agents", "{\"name\":\"Bot\",\"phone_number_id\":\"" + BOT_ID
                + "\",\"prompt_id\":\"pmpt_tg\",\"debounce_ms\":0,\"greeting\":\"" + GREETING + "\"}");
        f.adminOk("POST", "/users/" + user + "/credits", "{\"amount\":20}");
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private void sendMessageAnswers(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
        f.wiremock.stubFor(post(urlPathEqualTo(BOT + "/sendMessage")).willReturn(answer));
    }

    private static String sent(int messageId) {
        return "{\"ok\":true,\"result\":{\"message_id\":" + messageId + ",\"from\":{\"id\":7012345678,\"is_bot\":true,"
                + "\"first_name\":\"LojaBot\",\"username\":\"loja_bot\"},\"chat\":{\"id\":123456789,\"type\":\"private\","
                + "\"first_name\":\"Maria\"},\"date\":1761041735,\"text\":\"ok\"}}";
    }

    private static String privateMessage(long updateId, int messageId, String fields) {
        return "{\"update_id\":" + updateId + ",\"message\":{\"message_id\":" + messageId + ",\"from\":{\"id\":123456789,"
                + "\"is_bot\":false,\"first_name\":\"Maria\",\"last_name\":\"Silva\",\"username\":\"mariasilva\",\"language_code\":\"pt-br\"},"
                + "\"chat\":{\"id\":123456789,\"first_name\":\"Maria\",\"last_name\":\"Silva\",\"username\":\"mariasilva\",\"type\":\"private\"},"
                + "\"date\":1761041730," + fields + "}}";
    }

    private static String text(long updateId, int messageId, String text) {
        return privateMessage(updateId, messageId, "\"text\":\"" + text + "\"");
    }

    private int deliver(String body, String secretHeader) {
        return f.send("POST", "/webhooks/telegram/" + BOT_ID, body,
                secretHeader == null ? Map.of() : Map.of("X-Telegram-Bot-Api-Secret-Token", secretHeader)).statusCode();
    }

    private List<LoggedRequest> setWebhookCalls() {
        return f.wiremock.findAll(postRequestedFor(urlPathEqualTo(BOT + "/setWebhook")));
    }

    private List<LoggedRequest> sendMessages() {
        return f.wiremock.findAll(postRequestedFor(urlPathEqualTo(BOT + "/sendMessage")));
    }

    private JsonNode messages() {
        return f.adminOk("GET", "/users/" + user + "/messages", null).get("messages");
    }

    private List<JsonNode> outbound() {
        return direction("outbound");
    }

    private JsonNode inbound() {
        List<JsonNode> in = direction("inbound");
        assertThat(in).hasSize(1);
        return in.getFirst();
    }

    private List<JsonNode> direction(String direction) {
        List<JsonNode> out = new java.util.ArrayList<>();
        messages().forEach(m -> { if (direction.equals(m.get("direction").asText())) out.add(m); });
        return out;
    }

    @Test
    void registration_asks_get_me_and_sets_the_webhook_with_the_secret_and_our_url() {
        assertThat(registration.get("phone_number_id").asText()).isEqualTo(BOT_ID);
        assertThat(registration.get("webhook").asText()).isEqualTo("set");
        assertThat(f.wiremock.findAll(postRequestedFor(urlPathEqualTo(BOT + "/getMe")))).hasSize(1);
        JsonNode hook = Json.read(setWebhookCalls().getFirst().getBodyAsString());
        assertThat(hook.get("url").asText()).isEqualTo(PUBLIC + "/webhooks/telegram/" + BOT_ID);
        assertThat(secret).matches("[A-Za-z0-9_-]{16,256}");
        assertThat(hook.get("allowed_updates").toString()).isEqualTo("[\"message\",\"edited_message\"]");
        assertThat(registration.toString()).doesNotContain(secret).doesNotContain(TOKEN);
    }

    @Test
    void an_unknown_token_is_a_400_naming_access_token() {
        f.wiremock.stubFor(post(urlPathEqualTo("/tg/bot1:bad/getMe")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}")));
        var r = f.admin("POST", "/users/" + user + "/phone_numbers", "{\"type\":\"telegram\",\"access_token\":\"1:bad\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("access_token");
    }

    @Test
    void a_private_text_gets_one_reply_to_that_chat_and_a_redelivery_is_processed_once() {
        String body = text(834512987, 1042, "Vocês abrem sábado?");
        assertThat(deliver(body, secret)).isEqualTo(200);
        assertThat(deliver(body, secret)).isEqualTo(200);
        ServerFixture.await("the reply (after the greeting)", () -> sendMessages().size() >= 2);
        ServerFixture.await("both outbound stored as sent", () -> outbound().size() == 2);
        List<JsonNode> bodies = sendMessages().stream().map(r -> Json.read(r.getBodyAsString())).toList();
        assertThat(bodies).allSatisfy(b -> assertThat(b.get("chat_id").asText()).isEqualTo("123456789"));
        assertThat(bodies.get(bodies.size() - 1).get("text").asText()).isEqualTo("Sim, das 9h às 13h.");
        JsonNode in = inbound();
        assertThat(in.get("external_id").asText()).isEqualTo("123456789:1042");
        assertThat(f.wiremock.findAll(postRequestedFor(urlPathEqualTo("/v1/responses")))).hasSize(1);
        assertThat(f.wiremock.findAll(postRequestedFor(urlPathEqualTo(BOT + "/sendChatAction")))).isNotEmpty();
        assertThat(sendMessages()).hasSize(2);
    }

    @Test
    void start_opens_the_conversation_with_the_agents_greeting() {
        deliver(text(834512900, 1000, "/start"), secret);
        ServerFixture.await("greeting", () -> !sendMessages().isEmpty());
        assertThat(Json.read(sendMessages().getFirst().getBodyAsString()).get("text").asText()).isEqualTo(GREETING);
        assertThat(f.adminOk("GET", "/users/" + user + "/conversations", null).get("conversations")).hasSize(1);
    }

    @Test
    void a_group_message_gives_nothing_and_a_wrong_or_missing_secret_is_401_with_nothing_stored() throws Exception {
        String group = "{\"update_id\":834512988,\"message\":{\"message_id\":77,\"from\":{\"id\":123456789,\"is_bot\":false,"
                + "\"first_name\":\"Maria\"},\"chat\":{\"id\":-1001234567890,\"title\":\"Clientes\",\"type\":\"supergroup\"},"
                + "\"date\":1761041731,\"text\":\"alguém aí?\"}}";
        assertThat(deliver(group, secret)).isEqualTo(200);
        String body = text(834512989, 1043, "oi");
        assertThat(deliver(body, null)).isEqualTo(401);
        assertThat(deliver(body, secret + "x")).isEqualTo(401);
        Thread.sleep(300);
        assertThat(messages()).isEmpty();
        assertThat(f.adminOk("GET", "/users/" + user + "/conversations", null).get("conversations")).isEmpty();
        assertThat(sendMessages()).isEmpty();
    }

    @Test
    void a_5000_character_reply_arrives_as_two_messages_in_order() {
        StringBuilder reply = new StringBuilder();
        for (int i = 0; reply.length() < 5000; i++) reply.append("Parte ").append(i).append(". ");
        String full = reply.substring(0, 5000).strip();
        OpenAiStubs.replyWith(f.wiremock, full);
        deliver(text(834512991, 1045, "me conte tudo"), secret);
        ServerFixture.await("greeting and two parts", () -> sendMessages().size() == 3);
        List<String> texts = sendMessages().stream().map(r -> Json.read(r.getBodyAsString()).get("text").asText()).toList();
        assertThat(texts.get(0)).isEqualTo(GREETING);
        assertThat(texts.get(1).length()).isLessThanOrEqualTo(4096);
        assertThat(texts.get(2).length()).isLessThanOrEqualTo(4096);
        assertThat((texts.get(1) + texts.get(2)).replaceAll("\\s", "")).isEqualTo(full.replaceAll("\\s", ""));
        assertThat(texts.get(1)).startsWith("Parte 0.");
    }

    @Test
    void a_429_with_retry_after_1_is_retried_after_at_least_a_second() {
        f.adminOk("PATCH", "/users/" + user + "/agents/" + agentId(), "{\"greeting\":null}");
        f.wiremock.stubFor(post(urlPathEqualTo(BOT + "/sendMessage")).inScenario("flood").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json").withBody(
                        "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 1\",\"parameters\":{\"retry_after\":1}}"))
                .willSetStateTo("calm"));
        f.wiremock.stubFor(post(urlPathEqualTo(BOT + "/sendMessage")).inScenario("flood").whenScenarioStateIs("calm")
                .willReturn(okJson(sent(1200))));
        deliver(text(834512992, 1046, "oi"), secret);
        ServerFixture.await("the retry", () -> sendMessages().size() == 2);
        List<LoggedRequest> calls = sendMessages();
        long waited = calls.get(1).getLoggedDate().getTime() - calls.get(0).getLoggedDate().getTime();
        assertThat(waited).isGreaterThanOrEqualTo(1000);
        ServerFixture.await("sent", () -> outbound().size() == 1 && "sent".equals(outbound().get(0).get("status").asText()));
    }

    @Test
    void a_403_blocked_ends_failed_with_the_reason_and_flags_the_conversation() {
        f.adminOk("PATCH", "/users/" + user + "/agents/" + agentId(), "{\"greeting\":null}");
        sendMessageAnswers(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                .withBody("{\"ok\":false,\"error_code\":403,\"description\":\"Forbidden: bot was blocked by the user\"}"));
        deliver(text(834512993, 1047, "oi"), secret);
        ServerFixture.await("failed", () -> outbound().size() == 1 && "failed".equals(outbound().get(0).get("status").asText()));
        JsonNode out = outbound().get(0);
        assertThat(out.get("error_code").asText()).isEqualTo("blocked");
        assertThat(out.get("last_error").asText()).contains("bot was blocked by the user");
        assertThat(sendMessages()).hasSize(1);
        ServerFixture.await("flagged", () -> f.adminOk("GET", "/users/" + user + "/conversations", null)
                .at("/conversations/0/recipient_blocked").asBoolean());
    }

    @Test
    void a_photo_with_a_caption_is_stored_with_its_media_and_the_model_sees_the_caption() {
        f.wiremock.stubFor(post(urlPathEqualTo(BOT + "/getFile")).willReturn(okJson(
                "{\"ok\":true,\"result\":{\"file_id\":\"AgAD-large\",\"file_unique_id\":\"l\",\"file_size\":4,\"file_path\":\"photos/file_1.jpg\"}}")));
        f.wiremock.stubFor(get(urlPathEqualTo("/tg/file/bot" + TOKEN + "/photos/file_1.jpg")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/jpeg").withBody(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9})));
        String photo = privateMessage(834512994, 1048, "\"photo\":[{\"file_id\":\"AgAD-small\",\"file_unique_id\":\"s\",\"file_size\":1200,"
                + "\"width\":90,\"height\":67},{\"file_id\":\"AgAD-large\",\"file_unique_id\":\"l\",\"file_size\":4,\"width\":1280,"
                + "\"height\":960}],\"caption\":\"Quanto custa este?\"");
        assertThat(deliver(photo, secret)).isEqualTo(200);
        ServerFixture.await("the model is asked", () -> !f.wiremock.findAll(postRequestedFor(urlPathEqualTo("/v1/responses"))).isEmpty());
        String request = f.wiremock.findAll(postRequestedFor(urlPathEqualTo("/v1/responses"))).getFirst().getBodyAsString();
        assertThat(request).contains("Quanto custa este?");
        JsonNode in = inbound();
        assertThat(in.get("type").asText()).isEqualTo("image");
        assertThat(in.get("text").asText()).isEqualTo("Quanto custa este?");
        assertThat(in.at("/media/id").asText()).isEqualTo("AgAD-large");
        ServerFixture.await("media downloaded", () -> !inbound().at("/media/stored_path").isMissingNode()
                && !inbound().at("/media/stored_path").isNull());
        assertThat(f.wiremock.findAll(postRequestedFor(urlPathEqualTo(BOT + "/getFile")))).isNotEmpty();
    }

    @Test
    void an_edit_updates_the_stored_original_and_starts_no_turn() throws Exception {
        deliver(text(834512995, 1049, "Vocês abrem sábado?"), secret);
        ServerFixture.await("reply", () -> sendMessages().size() == 2);
        String edited = "{\"update_id\":834512996,\"edited_message\":{\"message_id\":1049,\"from\":{\"id\":123456789,\"is_bot\":false,"
                + "\"first_name\":\"Maria\"},\"chat\":{\"id\":123456789,\"first_name\":\"Maria\",\"type\":\"private\"},"
                + "\"date\":1761041730,\"edit_date\":1761041790,\"text\":\"Vocês abrem domingo?\"}}";
        assertThat(deliver(edited, secret)).isEqualTo(200);
        Thread.sleep(300);
        JsonNode inbound = inbound();
        assertThat(inbound.get("text").asText()).isEqualTo("Vocês abrem domingo?");
        assertThat(sendMessages()).hasSize(2);
        assertThat(f.wiremock.findAll(postRequestedFor(urlPathEqualTo("/v1/responses")))).hasSize(1);
    }

    @Test
    void deleting_the_account_deletes_the_webhook() {
        var r = f.admin("DELETE", "/users/" + user + "/phone_numbers/" + BOT_ID, null);
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(f.wiremock.findAll(postRequestedFor(urlPathEqualTo(BOT + "/deleteWebhook")))).hasSize(1);
    }

    private String agentId() {
        return f.adminOk("GET", "/users/" + user + "/agents", null).at("/agents/0/agent_id").asText();
    }
}
