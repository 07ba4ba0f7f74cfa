package dev.switchboard.adapters.whatsapp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.switchboard.adapters.whatsapp.CloudFixtures.graphError;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.switchboard.core.channel.Channel;
import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.testkit.channel.ChannelContract;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;

class WhatsAppCloudChannelContractTest extends ChannelContract {
    private static final String MESSAGES = "/v23.0/" + CloudFixtures.PHONE_NUMBER_ID + "/messages";

    @RegisterExtension
    static WireMockExtension meta = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @Override
    protected Channel channel() {
        return CloudFixtures.channel(meta.baseUrl() + "/v23.0");
    }

    @Override
    protected ChannelAccount account() {
        return CloudFixtures.account();
    }

    @Override
    protected WebhookRequest authenticTextMessage() {
        return CloudFixtures.signedResource("text-message.json");
    }

    @Override
    protected WebhookRequest forgedTextMessage() {
        byte[] body = CloudFixtures.resource("text-message.json").getBytes(StandardCharsets.UTF_8);
        return WebhookRequest.of(Map.of("X-Hub-Signature-256", CloudFixtures.signature("not-the-app-secret", body)), body);
    }

    @Override
    protected String recipient() {
        return CloudFixtures.CUSTOMER;
    }

    @Override
    protected Optional<WebhookRequest> authenticEcho() {
        return Optional.of(CloudFixtures.signedResource("echo.json"));
    }

    @Override
    protected Optional<Handshake> handshake() {
        return Optional.of(new Handshake(
                CloudFixtures.handshake("subscribe", CloudFixtures.VERIFY_TOKEN, "1158201444"),
                "1158201444",
                CloudFixtures.handshake("subscribe", "guessed-token", "1158201444")));
    }

    @Override
    protected void providerAcceptsNextSend(String externalId) {
        stub(okJson(CloudFixtures.sendAccepted(externalId)));
    }

    @Override
    protected void providerFailsNextSendTransiently() {
        stub(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                .withBody(graphError(130429, "(#130429) Rate limit hit", "Cloud API message throughput has been reached.")));
    }

    @Override
    protected String providerRejectsNextSendPermanently() {
        stub(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody(graphError(131047, "Re-engagement message",
                        "Message failed to send because more than 24 hours have passed since the customer last replied to this number.")));
        return "131047";
    }

    private static void stub(ResponseDefinitionBuilder response) {
        meta.stubFor(post(urlEqualTo(MESSAGES)).willReturn(response));
    }
}
