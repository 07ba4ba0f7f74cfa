package dev.switchboard.adapters.telegram;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.switchboard.core.channel.Channel;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.channel.SendResult;
import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.testkit.channel.ChannelContract;
import org.junit.jupiter.api.extension.RegisterExtension;

class TelegramChannelContractTest extends ChannelContract {

    @RegisterExtension
    static WireMockExtension telegram = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @Override
    protected Channel channel() {
        return TelegramFixtures.channel(telegram.baseUrl());
    }

    @Override
    protected ChannelAccount account() {
        return TelegramFixtures.account();
    }

    @Override
    protected WebhookRequest authenticTextMessage() {
        return TelegramFixtures.authentic(TelegramFixtures.TEXT);
    }

    @Override
    protected WebhookRequest forgedTextMessage() {
        return TelegramFixtures.delivery(TelegramFixtures.TEXT, "guessed-secret");
    }

    @Override
    protected String recipient() {
        return TelegramFixtures.CUSTOMER;
    }

    @Override
    protected void providerAcceptsNextSend(String externalId) {
        stub(okJson(TelegramFixtures.sent(1043)));
    }

    /**
     * The kit wants the provider's id back verbatim, but its id is a UUID and Telegram's message ids
     * are integers unique only within a chat, so the channel reports {@code chat_id:message_id}.
     */
    @Override
    public void accepted_send_returns_the_providers_message_id() {
        providerAcceptsNextSend("1043");

        assertThat(channel().send(account(), OutboundMessage.text(recipient(), "Hello from the contract test")))
                .isEqualTo(new SendResult.Sent(TelegramFixtures.CUSTOMER + ":1043"));
    }

    @Override
    protected void providerFailsNextSendTransiently() {
        stub(aResponse().withStatus(502).withHeader("Content-Type", "application/json")
                .withBody(TelegramFixtures.error(502, "Bad Gateway")));
    }

    @Override
    protected String providerRejectsNextSendPermanently() {
        stub(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody(TelegramFixtures.error(400, "Bad Request: chat not found")));
        return "400";
    }

    private static void stub(ResponseDefinitionBuilder response) {
        telegram.stubFor(post(urlEqualTo(TelegramFixtures.BOT_PATH + "/sendMessage")).willReturn(response));
    }
}
