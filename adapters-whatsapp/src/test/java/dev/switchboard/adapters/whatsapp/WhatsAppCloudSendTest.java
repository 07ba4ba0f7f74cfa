package dev.switchboard.adapters.whatsapp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.switchboard.adapters.whatsapp.CloudFixtures.ACCESS_TOKEN;
import static dev.switchboard.adapters.whatsapp.CloudFixtures.CUSTOMER;
import static dev.switchboard.adapters.whatsapp.CloudFixtures.account;
import static dev.switchboard.adapters.whatsapp.CloudFixtures.graphError;
import static dev.switchboard.adapters.whatsapp.CloudFixtures.sendAccepted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.switchboard.core.channel.OutboundContent;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.channel.SendResult;
import dev.switchboard.core.domain.ChannelAccount;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WhatsAppCloudSendTest {
    private static final String MESSAGES = "/v23.0/" + CloudFixtures.PHONE_NUMBER_ID + "/messages";

    @RegisterExtension
    static WireMockExtension meta = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private WhatsAppCloudChannel channel() {
        return CloudFixtures.channel(meta.baseUrl() + "/v23.0");
    }

    @Test
    void text_is_posted_in_metas_shape_with_the_accounts_bearer_token() {
        meta.stubFor(post(urlEqualTo(MESSAGES)).willReturn(okJson(sendAccepted("wamid.HBgLMTY1MDM4NzAgEAA="))));

        SendResult result = channel().send(account(), OutboundMessage.text(CUSTOMER, "Hello from the agent"));

        assertThat(result).isEqualTo(new SendResult.Sent("wamid.HBgLMTY1MDM4NzAgEAA="));
        meta.verify(postRequestedFor(urlEqualTo(MESSAGES))
                .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN))
                .withHeader("Content-Type", containing("application/json"))
                .withRequestBody(equalToJson("""
                        { "messaging_product": "whatsapp", "recipient_type": "individual", "to": "+16505551234",
                          "type": "text", "text": { "preview_url": false, "body": "Hello from the agent" } }""",
                        false, false)));
    }

    @Test
    void reply_quotes_the_inbound_message_in_context() {
        meta.stubFor(post(urlEqualTo(MESSAGES)).willReturn(okJson(sendAccepted("wamid.REPLY"))));

        SendResult result = channel().send(account(),
                new OutboundMessage(CUSTOMER, new OutboundContent.Text("Answering your question"), "wamid.INBOUND"));

        assertThat(result).isEqualTo(new SendResult.Sent("wamid.REPLY"));
        meta.verify(postRequestedFor(urlEqualTo(MESSAGES)).withRequestBody(equalToJson("""
                { "messaging_product": "whatsapp", "recipient_type": "individual", "to": "+16505551234",
                  "context": { "message_id": "wamid.INBOUND" },
                  "type": "text", "text": { "preview_url": false, "body": "Answering your question" } }""", false, false)));
    }

    @Test
    void recipient_given_with_a_plus_is_sent_once_prefixed() {
        meta.stubFor(post(urlEqualTo(MESSAGES)).willReturn(okJson(sendAccepted("wamid.A"))));

        channel().send(account(), OutboundMessage.text("+16505551234", "Hi"));

        meta.verify(postRequestedFor(urlEqualTo(MESSAGES)).withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.to", equalTo("+16505551234"))));
    }

    @Test
    void account_without_a_token_fails_permanently_without_calling_meta() {
        ChannelAccount tokenless = new ChannelAccount(CloudFixtures.PHONE_NUMBER_ID, "tenant-1", "whatsapp", "cloud",
                null, null, null, Map.of(), CloudFixtures.NOW);

        SendResult result = channel().send(tokenless, OutboundMessage.text(CUSTOMER, "Hi"));

        assertThat(result).isInstanceOfSatisfying(SendResult.Permanent.class, p -> assertThat(p.code()).isEqualTo("no_access_token"));
        assertThat(meta.getAllServeEvents()).isEmpty();
    }

    @Test
    void recipient_that_is_not_a_number_fails_permanently_without_calling_meta() {
        SendResult result = channel().send(account(), OutboundMessage.text("visitor-42", "Hi"));

        assertThat(result).isInstanceOfSatisfying(SendResult.Permanent.class, p -> assertThat(p.code()).isEqualTo("invalid_recipient"));
        assertThat(meta.getAllServeEvents()).isEmpty();
    }

    @Test
    void accepted_answer_without_a_message_id_is_not_retried() {
        meta.stubFor(post(urlEqualTo(MESSAGES)).willReturn(okJson("{\"messaging_product\":\"whatsapp\"}")));

        assertThat(channel().send(account(), OutboundMessage.text(CUSTOMER, "Hi")))
                .isInstanceOfSatisfying(SendResult.Permanent.class, p -> assertThat(p.code()).isEqualTo("no_message_id"));
    }

    @Test
    void mark_read_posts_a_read_receipt_for_the_message() {
        meta.stubFor(post(urlEqualTo(MESSAGES)).willReturn(okJson("{\"success\":true}")));

        channel().markRead(account(), "wamid.INBOUND");

        meta.verify(postRequestedFor(urlEqualTo(MESSAGES))
                .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN))
                .withRequestBody(equalToJson("""
                        {"messaging_product":"whatsapp","status":"read","message_id":"wamid.INBOUND"}""", false, false)));
    }

    @Test
    void mark_read_never_throws_when_meta_fails_or_is_unreachable() {
        meta.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(500).withBody("<html>oops</html>")));
        assertThatCode(() -> channel().markRead(account(), "wamid.INBOUND")).doesNotThrowAnyException();

        meta.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertThatCode(() -> channel().markRead(account(), "wamid.INBOUND")).doesNotThrowAnyException();

        WhatsAppCloudChannel unreachable = CloudFixtures.channel("http://127.0.0.1:9/v23.0");
        assertThatCode(() -> unreachable.markRead(account(), "wamid.INBOUND")).doesNotThrowAnyException();
    }

    @Test
    void failed_send_logs_neither_the_token_nor_the_full_number() {
        meta.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody(graphError(131026, "Message undeliverable", "Unable to deliver message."))));
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            channel().send(account(), OutboundMessage.text(CUSTOMER, "Hi"));
        } finally {
            System.setErr(original);
        }

        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("131026").contains("****1234")
                .doesNotContain(ACCESS_TOKEN).doesNotContain(CUSTOMER);
    }
}
