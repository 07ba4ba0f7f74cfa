package dev.switchboard.adapters.instagram;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.switchboard.adapters.instagram.InstagramFixtures.graphError;

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

class InstagramChannelContractTest extends ChannelContract {

    @RegisterExtension
    static WireMockExtension meta = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @Override
    protected Channel channel() {
        return InstagramFixtures.channel(meta.baseUrl() + InstagramFixtures.VERSION);
    }

    @Override
    protected ChannelAccount account() {
        return InstagramFixtures.account();
    }

    @Override
    protected WebhookRequest authenticTextMessage() {
        return InstagramFixtures.signedResource("text-message.json");
    }

    @Override
    protected WebhookRequest forgedTextMessage() {
        byte[] body = InstagramFixtures.resource("text-message.json").getBytes(StandardCharsets.UTF_8);
        return WebhookRequest.of(Map.of("X-Hub-Signature-256", InstagramFixtures.signature("not-the-app-secret", body)), body);
    }

    @Override
    protected String recipient() {
        return InstagramFixtures.CUSTOMER;
    }

    @Override
    protected Optional<WebhookRequest> authenticEcho() {
        return Optional.of(InstagramFixtures.signedResource("echo.json"));
    }

    @Override
    protected Optional<Handshake> handshake() {
        return Optional.of(new Handshake(
                InstagramFixtures.handshake("subscribe", InstagramFixtures.VERIFY_TOKEN, "1158201444"),
                "1158201444",
                InstagramFixtures.handshake("subscribe", "guessed-token", "1158201444")));
    }

    @Override
    protected void providerAcceptsNextSend(String externalId) {
        stub(okJson(InstagramFixtures.sendAccepted(externalId)));
    }

    @Override
    protected void providerFailsNextSendTransiently() {
        stub(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody(graphError(613, null, "Calls to this api have exceeded the rate limit.")));
    }

    @Override
    protected String providerRejectsNextSendPermanently() {
        stub(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                .withBody(graphError(10, 2534022, "This message is sent outside of allowed window.")));
        return "10";
    }

    private static void stub(ResponseDefinitionBuilder response) {
        meta.stubFor(post(urlEqualTo(InstagramFixtures.MESSAGES)).willReturn(response));
    }
}
