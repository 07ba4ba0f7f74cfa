package dev.switchboard.adapters.instagram;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.switchboard.adapters.instagram.InstagramFixtures.ACCESS_TOKEN;
import static dev.switchboard.adapters.instagram.InstagramFixtures.CUSTOMER;
import static dev.switchboard.adapters.instagram.InstagramFixtures.MESSAGES;
import static dev.switchboard.adapters.instagram.InstagramFixtures.account;
import static dev.switchboard.adapters.instagram.InstagramFixtures.graphError;
import static dev.switchboard.adapters.instagram.InstagramFixtures.sendAccepted;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.switchboard.core.channel.OutboundContent;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.channel.SendResult;
import dev.switchboard.core.domain.ChannelAccount;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the channel posts to the Instagram API (contracts 2.4), and what it makes of the answer. */
class InstagramSendTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static WireMockExtension meta = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private InstagramChannel channel() {
        return InstagramFixtures.channel(meta.baseUrl() + InstagramFixtures.VERSION);
    }

    private static OutboundMessage media(String kind, String link, String caption) {
        return new OutboundMessage(CUSTOMER, new OutboundContent.Media(kind, link, caption, null), null);
    }

    @Test
    void text_is_posted_to_the_accounts_messages_edge_with_its_bearer_token() {
        meta.stubFor(post(urlEqualTo(MESSAGES)).willReturn(okJson(sendAccepted("aWdfZG1fbWlkOnJlcGx5"))));

        SendResult result = channel().send(account(), OutboundMessage.text(CUSTOMER, "Thanks! Our hours are 9–18."));

        assertThat(result).isEqualTo(new SendResult.Sent("aWdfZG1fbWlkOnJlcGx5"));
        meta.verify(1, postRequestedFor(urlEqualTo(MESSAGES))
                .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN))
                .withHeader("Content-Type", containing("application/json"))
                .withRequestBody(equalToJson("""
                        { "recipient": { "id": "17841400000000001" }, "message": { "text": "Thanks! Our hours are 9–18." } }""")));
    }

    @Test
    void long_text_goes_out_in_parts_of_at_most_1000_bytes_and_the_last_id_is_returned() {
        String sentence = "Olá! A promoção de inverno vale até domingo — peça já pelo Direct. 😀 ";
        String body = sentence.repeat(40).strip();   // about 3,200 bytes
        meta.stubFor(post(urlEqualTo(MESSAGES)).inScenario("parts").whenScenarioStateIs(STARTED)
                .willReturn(okJson(sendAccepted("mid.part1"))).willSetStateTo("2"));
        meta.stubFor(post(urlEqualTo(MESSAGES)).inScenario("parts").whenScenarioStateIs("2")
                .willReturn(okJson(sendAccepted("mid.part2"))).willSetStateTo("3"));
        meta.stubFor(post(urlEqualTo(MESSAGES)).inScenario("parts").whenScenarioStateIs("3")
                .willReturn(okJson(sendAccepted("mid.part3"))).willSetStateTo("4"));
        meta.stubFor(post(urlEqualTo(MESSAGES)).inScenario("parts").whenScenarioStateIs("4")
                .willReturn(okJson(sendAccepted("mid.part4"))).willSetStateTo("5"));

        SendResult result = channel().send(account(), OutboundMessage.text(CUSTOMER, body));

        List<String> texts = new ArrayList<>();
        for (LoggedRequest request : meta.findAll(postRequestedFor(urlEqualTo(MESSAGES)))) {
            JsonNode sent = read(request);
            assertThat(sent.path("recipient").path("id").asText()).isEqualTo(CUSTOMER);
            texts.add(sent.path("message").path("text").asText());
        }
        assertThat(texts).hasSize(4).allSatisfy(t ->
                assertThat(t.getBytes(StandardCharsets.UTF_8).length).isBetween(1, 1000));
        assertThat(String.join(" ", texts)).isEqualTo(body);
        assertThat(result).isEqualTo(new SendResult.Sent("mid.part4"));
    }

    @Test
    void a_failing_later_part_fails_the_send() {
        String body = "Uma frase comprida o bastante. ".repeat(50).strip();
        meta.stubFor(post(urlEqualTo(MESSAGES)).inScenario("fail").whenScenarioStateIs(STARTED)
                .willReturn(okJson(sendAccepted("mid.part1"))).willSetStateTo("broken"));
        meta.stubFor(post(urlEqualTo(MESSAGES)).inScenario("fail").whenScenarioStateIs("broken")
                .willReturn(aResponse().withStatus(500).withBody(graphError(2, null, "Service temporarily unavailable"))));

        SendResult result = channel().send(account(), OutboundMessage.text(CUSTOMER, body));

        assertThat(result).isInstanceOfSatisfying(SendResult.Retryable.class, r -> assertThat(r.code()).isEqualTo("2"));
        meta.verify(2, postRequestedFor(urlEqualTo(MESSAGES)));
    }

    @Test
    void image_is_sent_as_an_attachment_by_url() {
        meta.stubFor(post(urlEqualTo(MESSAGES)).willReturn(okJson(sendAccepted("mid.img"))));

        SendResult result = channel().send(account(), media("image", "https://cdn.example.com/p.jpg", null));

        assertThat(result).isEqualTo(new SendResult.Sent("mid.img"));
        meta.verify(1, postRequestedFor(urlEqualTo(MESSAGES)).withRequestBody(equalToJson("""
                { "recipient": { "id": "17841400000000001" },
                  "message": { "attachment": { "type": "image", "payload": { "url": "https://cdn.example.com/p.jpg" } } } }""")));
    }

    @Test
    void document_goes_as_a_file_and_its_caption_follows_as_text() {
        meta.stubFor(post(urlEqualTo(MESSAGES)).inScenario("doc").whenScenarioStateIs(STARTED)
                .willReturn(okJson(sendAccepted("mid.file"))).willSetStateTo("caption"));
        meta.stubFor(post(urlEqualTo(MESSAGES)).inScenario("doc").whenScenarioStateIs("caption")
                .willReturn(okJson(sendAccepted("mid.caption"))));

        SendResult result = channel().send(account(), media("document", "https://cdn.example.com/menu.pdf", "Nosso cardápio"));

        List<LoggedRequest> requests = meta.findAll(postRequestedFor(urlEqualTo(MESSAGES)));
        assertThat(requests).hasSize(2);
        assertThat(read(requests.get(0)).path("message").path("attachment").path("type").asText()).isEqualTo("file");
        assertThat(read(requests.get(0)).path("message").path("attachment").path("payload").path("url").asText())
                .isEqualTo("https://cdn.example.com/menu.pdf");
        assertThat(read(requests.get(1)).path("message").path("text").asText()).isEqualTo("Nosso cardápio");
        assertThat(result).isEqualTo(new SendResult.Sent("mid.caption"));
    }

    @Test
    void content_instagram_cannot_carry_is_refused_without_calling_meta() {
        List<OutboundContent> unsupported = List.of(
                new OutboundContent.Reaction("mid.x", "❤️"),
                new OutboundContent.Buttons("Escolha", List.of(new OutboundContent.Button("a", "A"))),
                new OutboundContent.Template("hello_world", "pt_BR", List.of()));

        for (OutboundContent content : unsupported) {
            assertThat(channel().send(account(), new OutboundMessage(CUSTOMER, content, null)))
                    .isInstanceOfSatisfying(SendResult.Permanent.class, p -> {
                        assertThat(p.code()).isEqualTo("unsupported_content");
                        assertThat(p.message()).contains("Instagram");
                    });
        }
        meta.verify(0, postRequestedFor(urlEqualTo(MESSAGES)));
    }

    @Test
    void incomplete_content_is_refused_without_calling_meta() {
        assertThat(channel().send(account(), OutboundMessage.text(CUSTOMER, "  ")))
                .isInstanceOfSatisfying(SendResult.Permanent.class, p -> assertThat(p.code()).isEqualTo("invalid_content"));
        assertThat(channel().send(account(), media("image", null, null)))
                .isInstanceOfSatisfying(SendResult.Permanent.class, p -> assertThat(p.message()).contains("link"));
        assertThat(channel().send(account(), media("sticker", "https://cdn.example.com/s.webp", null)))
                .isInstanceOfSatisfying(SendResult.Permanent.class, p -> assertThat(p.message()).contains("sticker"));
        meta.verify(0, postRequestedFor(urlEqualTo(MESSAGES)));
    }

    @Test
    void account_without_a_token_or_message_without_a_recipient_is_refused() {
        ChannelAccount noToken = new ChannelAccount(InstagramFixtures.IG_ID, "tenant-1", "instagram", "graph", null,
                null, "Demo store", Map.of(), InstagramFixtures.NOW);

        assertThat(channel().send(noToken, OutboundMessage.text(CUSTOMER, "Oi")))
                .isInstanceOfSatisfying(SendResult.Permanent.class, p -> assertThat(p.code()).isEqualTo("no_access_token"));
        assertThat(channel().send(account(), OutboundMessage.text(" ", "Oi")))
                .isInstanceOfSatisfying(SendResult.Permanent.class, p -> assertThat(p.code()).isEqualTo("invalid_recipient"));
        meta.verify(0, postRequestedFor(urlEqualTo(MESSAGES)));
    }

    @Test
    void success_without_a_message_id_is_not_retried() {
        meta.stubFor(post(urlEqualTo(MESSAGES)).willReturn(okJson("{\"recipient_id\":\"17841400000000001\"}")));

        assertThat(channel().send(account(), OutboundMessage.text(CUSTOMER, "Oi")))
                .isInstanceOfSatisfying(SendResult.Permanent.class, p -> assertThat(p.code()).isEqualTo("no_message_id"));
    }

    @Test
    void base_url_with_a_trailing_slash_reaches_the_same_edge() {
        meta.stubFor(post(urlEqualTo(MESSAGES)).willReturn(okJson(sendAccepted("mid.slash"))));

        SendResult result = InstagramFixtures.channel(meta.baseUrl() + InstagramFixtures.VERSION + "/")
                .send(account(), OutboundMessage.text(CUSTOMER, "Oi"));

        assertThat(result).isEqualTo(new SendResult.Sent("mid.slash"));
    }

    private static JsonNode read(LoggedRequest request) {
        try {
            return JSON.readTree(request.getBodyAsString());
        } catch (Exception e) {
            throw new AssertionError("request body is not JSON: " + request.getBodyAsString(), e);
        }
    }
}
