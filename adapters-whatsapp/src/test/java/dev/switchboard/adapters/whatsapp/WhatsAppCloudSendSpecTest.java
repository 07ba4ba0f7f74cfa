package dev.switchboard.adapters.whatsapp;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.switchboard.adapters.whatsapp.CloudFixtures.CUSTOMER;
import static dev.switchboard.adapters.whatsapp.CloudFixtures.account;
import static dev.switchboard.adapters.whatsapp.CloudFixtures.sendAccepted;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.switchboard.core.channel.OutboundContent;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.channel.SendResult;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What we post to Meta, checked against the request schema of Meta's own OpenAPI document. */
class WhatsAppCloudSendSpecTest {
    private static final String MESSAGES = "/v23.0/" + CloudFixtures.PHONE_NUMBER_ID + "/messages";

    @RegisterExtension
    static WireMockExtension meta = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @BeforeEach
    void metaAcceptsEverySend() {
        meta.stubFor(post(urlEqualTo(MESSAGES)).willReturn(okJson(sendAccepted("wamid.SPEC"))));
    }

    /** Sends through the channel and returns every body Meta received. */
    private List<String> postedBodies(OutboundMessage message) {
        SendResult result = CloudFixtures.channel(meta.baseUrl() + "/v23.0").send(account(), message);
        assertThat(result).isInstanceOf(SendResult.Sent.class);
        return meta.findAll(postRequestedFor(urlEqualTo(MESSAGES))).stream().map(LoggedRequest::getBodyAsString).toList();
    }

    // --- the validator itself ----------------------------------------------------------------

    @Test
    void published_spec_rejects_even_metas_own_text_example_which_is_why_it_is_corrected() {
        assertThat(MetaSendSpec.raw().violations(MetaSendSpec.raw().examples().get("Send Text Message"))).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Send Text Message", "Send Reply to Text Message", "Send Image Message by URL",
            "Send Document Message by URL", "Send Video Message by URL", "Send Audio Message by URL",
            "Send Reply with Reaction Message", "Send Reply Button"})
    void corrected_spec_accepts_metas_own_examples(String example) {
        MetaSendSpec spec = MetaSendSpec.corrected();

        assertThat(spec.violations(spec.examples().get(example))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            """
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"+16505551234","type":"text","text":{"body":"x"},"colour":"red"}""",
            """
            {"messaging_product":"whatsapp","recipient_type":"individual","type":"text","text":{"body":"x"}}""",
            """
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"+16505551234","type":"text","text":"x"}""",
            """
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"+16505551234","type":"text","text":{"body":"x","preview_url":"no"}}""",
            """
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"+16505551234","type":"image","text":{"body":"x"}}"""})
    void corrected_spec_still_rejects_malformed_bodies(String body) {
        assertThat(MetaSendSpec.corrected().violations(body)).isNotEmpty();
    }

    // --- our bodies --------------------------------------------------------------------------

    @Test
    void text_body_matches_the_spec() {
        assertThat(postedBodies(OutboundMessage.text(CUSTOMER, "Olá! Café às 10h? \uD83D\uDE00")))
                .singleElement().satisfies(body -> assertThat(MetaSendSpec.corrected().violations(body)).isEmpty());
    }

    static Stream<OutboundMessage> everyKindOfSend() {
        return Stream.of(
                new OutboundMessage(CUSTOMER, new OutboundContent.Media("image", "https://cdn.example.com/receipt.png", "Your receipt", null), null),
                new OutboundMessage(CUSTOMER, new OutboundContent.Media("video", "https://cdn.example.com/tour.mp4", null, null), "wamid.INBOUND"),
                new OutboundMessage(CUSTOMER, new OutboundContent.Media("audio", "https://cdn.example.com/note.ogg", null, null), null),
                new OutboundMessage(CUSTOMER, new OutboundContent.Media("document", "https://cdn.example.com/q.pdf", "Quote", "quote.pdf"), null),
                new OutboundMessage(CUSTOMER, new OutboundContent.Reaction("wamid.TARGET", "\uD83D\uDC4D"), null),
                new OutboundMessage(CUSTOMER, new OutboundContent.Reaction("wamid.TARGET", ""), null),
                new OutboundMessage(CUSTOMER, new OutboundContent.Buttons("Confirm the booking?",
                        List.of(new OutboundContent.Button("yes", "Yes"), new OutboundContent.Button("no", "No"))), "wamid.INBOUND"),
                new OutboundMessage(CUSTOMER, new OutboundContent.Template("order_followup", "pt_BR", List.of("Maria", "#1042")), null),
                new OutboundMessage(CUSTOMER, new OutboundContent.Template("hello_world", "en_US", List.of()), null),
                new OutboundMessage(CUSTOMER, new OutboundContent.Text("word ".repeat(2000)), "wamid.INBOUND"));
    }

    @ParameterizedTest
    @MethodSource("everyKindOfSend")
    void every_body_we_post_matches_the_spec(OutboundMessage message) {
        assertThat(postedBodies(message)).isNotEmpty()
                .allSatisfy(body -> assertThat(MetaSendSpec.corrected().violations(body)).isEmpty());
    }

    @Test
    void reply_in_context_matches_the_spec() {
        assertThat(postedBodies(new OutboundMessage(CUSTOMER, new OutboundContent.Text("Yes, in blue"), "wamid.INBOUND")))
                .singleElement().satisfies(body -> assertThat(MetaSendSpec.corrected().violations(body)).isEmpty());
    }
}
