package dev.switchboard.adapters.whatsapp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.switchboard.adapters.whatsapp.CloudFixtures.CUSTOMER;
import static dev.switchboard.adapters.whatsapp.CloudFixtures.account;
import static dev.switchboard.adapters.whatsapp.CloudFixtures.graphError;
import static dev.switchboard.adapters.whatsapp.CloudFixtures.sendAccepted;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.switchboard.core.channel.OutboundContent;
import dev.switchboard.core.channel.OutboundContent.Button;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.channel.SendResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every outbound content type in Meta's shape, and the content WhatsApp cannot carry refused before any call. */
class WhatsAppCloudSendContentTest {
    private static final String MESSAGES = "/v23.0/" + CloudFixtures.PHONE_NUMBER_ID + "/messages";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static WireMockExtension meta = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private SendResult send(OutboundContent content, String replyTo) {
        return CloudFixtures.channel(meta.baseUrl() + "/v23.0").send(account(), new OutboundMessage(CUSTOMER, content, replyTo));
    }

    private void acceptAll() {
        meta.stubFor(post(urlEqualTo(MESSAGES)).willReturn(okJson(sendAccepted("wamid.OK"))));
    }

    private void assertPosted(String json) {
        meta.verify(postRequestedFor(urlEqualTo(MESSAGES)).withRequestBody(equalToJson(json, false, false)));
    }

    private List<JsonNode> posted() {
        return meta.findAll(postRequestedFor(urlEqualTo(MESSAGES))).stream().map(LoggedRequest::getBodyAsString).map(body -> {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    @Test
    void image_by_link_with_caption() {
        acceptAll();

        assertThat(send(new OutboundContent.Media("image", "https://cdn.example.com/receipt.png", "Your receipt", null), null))
                .isEqualTo(new SendResult.Sent("wamid.OK"));
        assertPosted("""
                { "messaging_product": "whatsapp", "recipient_type": "individual", "to": "+16505551234",
                  "type": "image", "image": { "link": "https://cdn.example.com/receipt.png", "caption": "Your receipt" } }""");
    }

    @Test
    void document_by_link_keeps_its_filename_and_quotes_the_customer() {
        acceptAll();

        send(new OutboundContent.Media("document", "https://cdn.example.com/q.pdf", "Quote", "quote.pdf"), "wamid.ASKED");

        assertPosted("""
                { "messaging_product": "whatsapp", "recipient_type": "individual", "to": "+16505551234",
                  "context": { "message_id": "wamid.ASKED" },
                  "type": "document", "document": { "link": "https://cdn.example.com/q.pdf", "caption": "Quote", "filename": "quote.pdf" } }""");
    }

    @Test
    void audio_by_link() {
        acceptAll();

        send(new OutboundContent.Media("audio", "https://cdn.example.com/note.ogg", null, null), null);

        assertPosted("""
                { "messaging_product": "whatsapp", "recipient_type": "individual", "to": "+16505551234",
                  "type": "audio", "audio": { "link": "https://cdn.example.com/note.ogg" } }""");
    }

    @Test
    void reaction_to_a_customer_message() {
        acceptAll();

        send(new OutboundContent.Reaction("wamid.TARGET", "\uD83D\uDE00"), null);

        assertPosted("""
                { "messaging_product": "whatsapp", "recipient_type": "individual", "to": "+16505551234",
                  "type": "reaction", "reaction": { "message_id": "wamid.TARGET", "emoji": "\uD83D\uDE00" } }""");
    }

    @Test
    void reply_buttons_as_an_interactive_message() {
        acceptAll();

        send(new OutboundContent.Buttons("Confirm the booking?", List.of(new Button("yes", "Yes"), new Button("no", "No"))), null);

        assertPosted("""
                { "messaging_product": "whatsapp", "recipient_type": "individual", "to": "+16505551234", "type": "interactive",
                  "interactive": { "type": "button", "body": { "text": "Confirm the booking?" },
                    "action": { "buttons": [ { "type": "reply", "reply": { "id": "yes", "title": "Yes" } },
                                             { "type": "reply", "reply": { "id": "no",  "title": "No" } } ] } } }""");
    }

    @Test
    void template_with_body_parameters() {
        acceptAll();

        send(new OutboundContent.Template("order_followup", "pt_BR", List.of("Maria", "#1042")), null);

        assertPosted("""
                { "messaging_product": "whatsapp", "recipient_type": "individual", "to": "+16505551234",
                  "type": "template",
                  "template": { "name": "order_followup", "language": { "policy": "deterministic", "code": "pt_BR" },
                    "components": [ { "type": "body",
                      "parameters": [ { "type": "text", "text": "Maria" }, { "type": "text", "text": "#1042" } ] } ] } }""");
    }

    @Test
    void template_without_parameters_has_no_components() {
        acceptAll();

        send(new OutboundContent.Template("hello_world", "en_US", List.of()), null);

        assertPosted("""
                { "messaging_product": "whatsapp", "recipient_type": "individual", "to": "+16505551234", "type": "template",
                  "template": { "name": "hello_world", "language": { "policy": "deterministic", "code": "en_US" } } }""");
    }

    static Stream<OutboundContent> contentWhatsAppCannotCarry() {
        return Stream.of(
                new OutboundContent.Text("   "),
                new OutboundContent.Media("hologram", "https://cdn.example.com/x", null, null),
                new OutboundContent.Media("image", " ", null, null),
                new OutboundContent.Media("audio", "https://cdn.example.com/a.ogg", "a caption", null),
                new OutboundContent.Reaction(null, "\uD83D\uDC4D"),
                new OutboundContent.Buttons("Pick one", List.of(new Button("a", "A"), new Button("b", "B"), new Button("c", "C"), new Button("d", "D"))),
                new OutboundContent.Buttons("Pick one", List.of()),
                new OutboundContent.Buttons("Pick one", List.of(new Button("long", "A title over twenty chars"))),
                new OutboundContent.Template("order_followup", null, List.of()));
    }

    @ParameterizedTest
    @MethodSource("contentWhatsAppCannotCarry")
    void content_whatsapp_cannot_carry_fails_permanently_without_calling_meta(OutboundContent content) {
        assertThat(send(content, null)).isInstanceOfSatisfying(SendResult.Permanent.class, p -> {
            assertThat(p.code()).isEqualTo("invalid_content");
            assertThat(p.message()).isNotBlank();
        });
        assertThat(meta.getAllServeEvents()).isEmpty();
    }

    @Test
    void text_over_4096_characters_goes_out_in_parts_and_returns_the_last_id() {
        for (int i = 1; i <= 3; i++) {
            meta.stubFor(post(urlEqualTo(MESSAGES)).inScenario("parts")
                    .whenScenarioStateIs(i == 1 ? STARTED : "part " + i)
                    .willSetStateTo("part " + (i + 1))
                    .willReturn(okJson(sendAccepted("wamid.PART-" + i))));
        }
        String paragraph = "word ".repeat(700).strip(); // 3,499 characters
        String text = paragraph + "\n\n" + paragraph + "\n\n" + paragraph;

        SendResult result = send(new OutboundContent.Text(text), "wamid.ASKED");

        assertThat(result).isEqualTo(new SendResult.Sent("wamid.PART-3"));
        List<JsonNode> bodies = posted();
        assertThat(bodies).hasSize(3);
        assertThat(bodies).allSatisfy(b -> assertThat(b.path("text").path("body").asText()).hasSizeLessThanOrEqualTo(4096));
        assertThat(bodies).extracting(b -> b.path("text").path("body").asText()).containsOnly(paragraph);
        assertThat(bodies.get(0).path("context").path("message_id").asText()).isEqualTo("wamid.ASKED");
        assertThat(bodies.subList(1, 3)).allSatisfy(b -> assertThat(b.has("context")).isFalse());
    }

    @Test
    void text_without_any_break_is_cut_hard_and_loses_nothing() {
        acceptAll();
        String text = "x".repeat(4096 * 2 + 10);

        send(new OutboundContent.Text(text), null);

        assertThat(posted()).extracting(b -> b.path("text").path("body").asText().length()).containsExactly(4096, 4096, 10);
    }

    @Test
    void emoji_on_the_cut_is_never_split_in_half() {
        acceptAll();
        String text = "x".repeat(4095) + "\uD83D\uDE00" + "y";

        send(new OutboundContent.Text(text), null);

        assertThat(posted()).extracting(b -> b.path("text").path("body").asText())
                .containsExactly("x".repeat(4095), "\uD83D\uDE00y");
    }

    @Test
    void failing_part_is_reported_and_stops_the_rest() {
        meta.stubFor(post(urlEqualTo(MESSAGES)).inScenario("fail").whenScenarioStateIs(STARTED).willSetStateTo("second")
                .willReturn(okJson(sendAccepted("wamid.PART-1"))));
        meta.stubFor(post(urlEqualTo(MESSAGES)).inScenario("fail").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody(graphError(131056, "(#131056) Pair rate limit hit", "Too many messages to this user."))));

        SendResult result = send(new OutboundContent.Text("a".repeat(4096) + " " + "b".repeat(4096) + " " + "c"), null);

        assertThat(result).isInstanceOfSatisfying(SendResult.RateLimited.class, r -> assertThat(r.code()).isEqualTo("131056"));
        assertThat(posted()).hasSize(2);
    }
}
