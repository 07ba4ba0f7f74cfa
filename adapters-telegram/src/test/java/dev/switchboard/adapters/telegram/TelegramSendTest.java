package dev.switchboard.adapters.telegram;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.switchboard.adapters.telegram.TelegramFixtures.BOT_PATH;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.switchboard.core.channel.OutboundContent;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.channel.SendResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TelegramSendTest {
    @RegisterExtension
    static WireMockExtension telegram = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final ObjectMapper JSON = new ObjectMapper();
    private final TelegramChannel channel = TelegramFixtures.channel(telegram.baseUrl());

    private SendResult sendText(String text) {
        return channel.send(TelegramFixtures.account(), OutboundMessage.text(TelegramFixtures.CUSTOMER, text));
    }

    private static void answer(String method, int status, String body) {
        telegram.stubFor(post(urlEqualTo(BOT_PATH + "/" + method))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
    }

    private static List<JsonNode> bodies(String method) throws Exception {
        List<JsonNode> bodies = new java.util.ArrayList<>();
        for (LoggedRequest r : telegram.findAll(postRequestedFor(urlEqualTo(BOT_PATH + "/" + method)))) {
            bodies.add(JSON.readTree(r.getBodyAsString()));
        }
        return bodies;
    }

    @Test
    void a_text_goes_out_as_send_message_to_the_chat_and_reports_chat_and_message_id() throws Exception {
        answer("sendMessage", 200, TelegramFixtures.sent(1043));

        assertThat(sendText("Sim, das 9h às 13h.")).isEqualTo(new SendResult.Sent("123456789:1043"));
        assertThat(bodies("sendMessage")).singleElement().satisfies(b -> {
            assertThat(b.get("chat_id").asText()).isEqualTo("123456789");
            assertThat(b.get("text").asText()).isEqualTo("Sim, das 9h às 13h.");
            assertThat(b.has("parse_mode")).as("plain text: no entity parsing to fail on").isFalse();
        });
    }

    @Test
    void a_5000_character_reply_goes_out_as_two_messages_in_order() throws Exception {
        telegram.stubFor(post(urlEqualTo(BOT_PATH + "/sendMessage")).inScenario("parts").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(TelegramFixtures.sent(2001))).willSetStateTo("second"));
        telegram.stubFor(post(urlEqualTo(BOT_PATH + "/sendMessage")).inScenario("parts").whenScenarioStateIs("second")
                .willReturn(okJson(TelegramFixtures.sent(2002))));
        String first = "a".repeat(3000);
        String second = "b".repeat(1999);

        SendResult result = sendText(first + " " + second);

        assertThat(result).isEqualTo(new SendResult.Sent("123456789:2002"));
        List<String> texts = bodies("sendMessage").stream().map(b -> b.get("text").asText()).toList();
        assertThat(texts).containsExactly(first, second);
    }

    @Test
    void a_long_text_without_spaces_is_cut_at_4096_characters() throws Exception {
        answer("sendMessage", 200, TelegramFixtures.sent(3000));

        sendText("x".repeat(5000));

        assertThat(bodies("sendMessage")).extracting(b -> b.get("text").asText().length()).containsExactly(4096, 904);
    }

    @Test
    void when_a_part_fails_the_later_parts_are_not_sent() throws Exception {
        answer("sendMessage", 500, TelegramFixtures.error(500, "Internal Server Error"));

        assertThat(sendText("x".repeat(5000))).isInstanceOf(SendResult.Retryable.class);
        assertThat(bodies("sendMessage")).hasSize(1);
    }

    @Test
    void flood_control_is_rate_limited_for_retry_after_seconds() {
        answer("sendMessage", 429, TelegramFixtures.FLOOD);

        assertThat(sendText("hello")).isInstanceOfSatisfying(SendResult.RateLimited.class, r -> {
            assertThat(r.retryAfter()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(r.message()).contains("Too Many Requests");
        });
    }

    @Test
    void a_bot_blocked_by_the_user_is_permanent_with_code_blocked_and_the_reason() {
        answer("sendMessage", 403, TelegramFixtures.BLOCKED);

        assertThat(sendText("hello")).isEqualTo(new SendResult.Permanent("blocked", "Forbidden: bot was blocked by the user",
                SendResult.Cause.RECIPIENT_BLOCKED));
    }

    @Test
    void a_bad_request_is_permanent_with_the_error_code() {
        answer("sendMessage", 400, TelegramFixtures.error(400, "Bad Request: chat not found"));

        assertThat(sendText("hello")).isEqualTo(new SendResult.Permanent("400", "Bad Request: chat not found"));
    }

    @Test
    void a_server_error_is_retryable() {
        answer("sendMessage", 502, "<html>Bad Gateway</html>");

        assertThat(sendText("hello")).isInstanceOf(SendResult.Retryable.class);
    }

    @Test
    void an_unreachable_api_is_retryable_and_the_message_never_shows_the_token() {
        TelegramChannel unreachable = TelegramFixtures.channel("http://127.0.0.1:9");

        SendResult result = unreachable.send(TelegramFixtures.account(), OutboundMessage.text(TelegramFixtures.CUSTOMER, "hello"));

        assertThat(result).isInstanceOfSatisfying(SendResult.Retryable.class,
                r -> assertThat(r.message()).doesNotContain(TelegramFixtures.TOKEN));
    }

    @Test
    void images_and_documents_are_sent_by_url_with_their_caption() throws Exception {
        answer("sendPhoto", 200, TelegramFixtures.sent(4001));
        answer("sendDocument", 200, TelegramFixtures.sent(4002));

        SendResult photo = channel.send(TelegramFixtures.account(), new OutboundMessage(TelegramFixtures.CUSTOMER,
                new OutboundContent.Media("image", "https://cdn.example.com/p.jpg", "Nosso cardápio", null), null));
        SendResult document = channel.send(TelegramFixtures.account(), new OutboundMessage(TelegramFixtures.CUSTOMER,
                new OutboundContent.Media("document", "https://cdn.example.com/menu.pdf", null, "menu.pdf"), null));

        assertThat(photo).isEqualTo(new SendResult.Sent("123456789:4001"));
        assertThat(document).isEqualTo(new SendResult.Sent("123456789:4002"));
        telegram.verify(postRequestedFor(urlEqualTo(BOT_PATH + "/sendPhoto")).withRequestBody(equalToJson(
                "{\"chat_id\": \"123456789\", \"photo\": \"https://cdn.example.com/p.jpg\", \"caption\": \"Nosso cardápio\"}")));
        telegram.verify(postRequestedFor(urlEqualTo(BOT_PATH + "/sendDocument")).withRequestBody(equalToJson(
                "{\"chat_id\": \"123456789\", \"document\": \"https://cdn.example.com/menu.pdf\"}")));
    }

    @Test
    void reactions_and_templates_are_refused_without_calling_telegram() {
        SendResult reaction = channel.send(TelegramFixtures.account(), new OutboundMessage(TelegramFixtures.CUSTOMER,
                new OutboundContent.Reaction("123456789:1042", "👍"), null));

        assertThat(reaction).isInstanceOfSatisfying(SendResult.Permanent.class, p -> assertThat(p.code()).isEqualTo("unsupported_content"));
        assertThat(telegram.getAllServeEvents()).isEmpty();
    }

    @Test
    void typing_is_a_send_chat_action() {
        answer("sendChatAction", 200, "{\"ok\": true, \"result\": true}");

        assertThat(channel).isInstanceOf(dev.switchboard.core.channel.TypingIndicator.class);
        channel.typing(TelegramFixtures.account(), TelegramFixtures.CUSTOMER);
        telegram.verify(postRequestedFor(urlEqualTo(BOT_PATH + "/sendChatAction"))
                .withRequestBody(equalToJson("{\"chat_id\": \"123456789\", \"action\": \"typing\"}")));
    }

    @Test
    void a_caption_over_1024_characters_follows_the_image_as_text() throws Exception {
        answer("sendPhoto", 200, TelegramFixtures.sent(5001));
        answer("sendMessage", 200, TelegramFixtures.sent(5002));
        String caption = "c".repeat(1500);

        SendResult result = channel.send(TelegramFixtures.account(), new OutboundMessage(TelegramFixtures.CUSTOMER,
                new OutboundContent.Media("image", "https://cdn.example.com/p.jpg", caption, null), null));

        assertThat(result).isEqualTo(new SendResult.Sent("123456789:5002"));
        assertThat(bodies("sendPhoto")).singleElement().satisfies(b -> assertThat(b.has("caption")).isFalse());
        assertThat(bodies("sendMessage")).singleElement().satisfies(b -> assertThat(b.get("text").asText()).isEqualTo(caption));
    }

    @Test
    void buttons_go_out_as_an_inline_keyboard() {
        answer("sendMessage", 200, TelegramFixtures.sent(6001));

        channel.send(TelegramFixtures.account(), new OutboundMessage(TelegramFixtures.CUSTOMER, new OutboundContent.Buttons(
                "Confirma?", List.of(new OutboundContent.Button("yes", "Sim"), new OutboundContent.Button("no", "Não"))), null));

        telegram.verify(postRequestedFor(urlEqualTo(BOT_PATH + "/sendMessage")).withRequestBody(equalToJson("""
                {"chat_id": "123456789", "text": "Confirma?", "reply_markup": {"inline_keyboard": [
                  [{"text": "Sim", "callback_data": "yes"}], [{"text": "Não", "callback_data": "no"}]]}}""")));
    }
}
