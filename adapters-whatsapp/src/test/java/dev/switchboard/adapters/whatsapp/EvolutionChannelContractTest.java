package dev.switchboard.adapters.whatsapp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.switchboard.core.channel.Channel;
import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.testkit.channel.ChannelContract;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;

class EvolutionChannelContractTest extends ChannelContract {
    private static final String SEND_TEXT = "/message/sendText/" + EvolutionFixtures.INSTANCE;

    @RegisterExtension
    static WireMockExtension evolution = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @Override
    protected Channel channel() {
        return EvolutionFixtures.channel(null);
    }

    @Override
    protected ChannelAccount account() {
        return EvolutionFixtures.accountOn(evolution.baseUrl());
    }

    @Override
    protected WebhookRequest authenticTextMessage() {
        return EvolutionFixtures.withBearer("text-upsert.json");
    }

    @Override
    protected WebhookRequest forgedTextMessage() {
        return EvolutionFixtures.request("text-upsert.json", Map.of("Authorization", "Bearer guessed-token"));
    }

    @Override
    protected Optional<WebhookRequest> authenticEcho() {
        return Optional.of(EvolutionFixtures.withBearer("echo-upsert.json"));
    }

    @Override
    protected String recipient() {
        return EvolutionFixtures.CUSTOMER;
    }

    @Override
    protected void providerAcceptsNextSend(String externalId) {
        stub(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody(EvolutionFixtures.sendAccepted(externalId)));
    }

    @Override
    protected void providerFailsNextSendTransiently() {
        stub(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                .withBody(EvolutionFixtures.evolutionError(500, "Internal Server Error", "[\"Internal server error\"]")));
    }

    /** The answer for a number with no WhatsApp account: Evolution's onWhatsApp result, as a 400. */
    @Override
    protected String providerRejectsNextSendPermanently() {
        stub(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody(EvolutionFixtures.evolutionError(400, "Bad Request",
                        "[{\"jid\":\"5511988887777@s.whatsapp.net\",\"exists\":false,\"number\":\"5511988887777\"}]")));
        return "not_on_whatsapp";
    }

    private static void stub(ResponseDefinitionBuilder response) {
        evolution.stubFor(post(urlEqualTo(SEND_TEXT)).willReturn(response));
    }
}
