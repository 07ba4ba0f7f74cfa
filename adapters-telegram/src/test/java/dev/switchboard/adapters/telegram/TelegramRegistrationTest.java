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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.Secret;
import dev.switchboard.core.support.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TelegramRegistrationTest {
    @RegisterExtension
    static WireMockExtension telegram = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final TelegramRegistration registration = new TelegramRegistration(TelegramFixtures.channel(telegram.baseUrl()).client());

    @Test
    void prepare_asks_get_me_and_makes_the_bot_id_the_account_id_with_a_fresh_secret() {
        telegram.stubFor(post(urlEqualTo(BOT_PATH + "/getMe")).willReturn(okJson("""
                {"ok": true, "result": {"id": 7012345678, "is_bot": true, "first_name": "LojaBot", "username": "loja_bot",
                 "can_join_groups": true, "can_read_all_group_messages": false, "supports_inline_queries": false}}""")));

        TelegramRegistration.Prepared prepared = registration.prepare(new Secret(TelegramFixtures.TOKEN));
        TelegramRegistration.Prepared again = registration.prepare(new Secret(TelegramFixtures.TOKEN));

        assertThat(prepared.accountId()).isEqualTo("7012345678");
        assertThat(prepared.username()).isEqualTo("loja_bot");
        assertThat(prepared.settings()).containsEntry("bot_username", "loja_bot");
        assertThat(prepared.settings().get("webhook_token")).matches("[A-Za-z0-9_-]{32,256}")
                .isNotEqualTo(again.settings().get("webhook_token"));
    }

    @Test
    void an_invalid_token_is_invalid_input_naming_access_token() {
        telegram.stubFor(post(urlEqualTo("/botnot-a-token/getMe")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody(TelegramFixtures.error(401, "Unauthorized"))));

        assertThatThrownBy(() -> registration.prepare(new Secret("not-a-token")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("access_token");
                    assertThat(e.getMessage()).doesNotContain("not-a-token");
                });
    }

    @Test
    void with_a_public_url_the_webhook_is_set_with_our_url_the_secret_and_the_allowed_updates() {
        telegram.stubFor(post(urlEqualTo(BOT_PATH + "/setWebhook"))
                .willReturn(okJson("{\"ok\": true, \"result\": true, \"description\": \"Webhook was set\"}")));

        TelegramRegistration.WebhookState state = registration.registered(TelegramFixtures.account(), "https://agent.example.com/");

        assertThat(state.wireName()).isEqualTo("set");
        telegram.verify(postRequestedFor(urlEqualTo(BOT_PATH + "/setWebhook")).withRequestBody(equalToJson("""
                {"url": "https://agent.example.com/webhooks/telegram/7012345678",
                 "secret_token": "s3cr3t_Token-123",
                 "allowed_updates": ["message", "edited_message"]}""")));
    }

    @Test
    void without_a_public_url_the_webhook_is_not_set_and_telegram_is_not_called() {
        assertThat(registration.registered(TelegramFixtures.account(), null).wireName()).isEqualTo("not_set");
        assertThat(telegram.getAllServeEvents()).isEmpty();
    }

    @Test
    void a_refused_set_webhook_is_an_api_error_without_the_token() {
        telegram.stubFor(post(urlEqualTo(BOT_PATH + "/setWebhook")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody(TelegramFixtures.error(400, "Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443"))));

        assertThatThrownBy(() -> registration.registered(TelegramFixtures.account(), "https://agent.example.com:9000"))
                .isInstanceOfSatisfying(TelegramApiException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("ports 80, 88, 443 or 8443").doesNotContain(TelegramFixtures.TOKEN);
                });
    }

    @Test
    void deleting_the_account_deletes_the_webhook() {
        telegram.stubFor(post(urlEqualTo(BOT_PATH + "/deleteWebhook"))
                .willReturn(okJson("{\"ok\": true, \"result\": true, \"description\": \"Webhook was deleted\"}")));
        ChannelAccount account = TelegramFixtures.account();

        registration.deleted(account);

        telegram.verify(postRequestedFor(urlEqualTo(BOT_PATH + "/deleteWebhook")));
    }
}
