package dev.switchboard.adapters.telegram;

import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.Secret;
import dev.switchboard.core.support.InvalidInputException;
import java.util.List;
import java.util.Map;

/**
 * The Bot API side of registering a bot: the three steps the channel descriptor's lifecycle hooks
 * will call. Thread-safe.
 */
public final class TelegramRegistration {
    /** What we ask Telegram to deliver: customer messages and their edits. */
    public static final List<String> ALLOWED_UPDATES = List.of("message", "edited_message");

    private final TelegramClient client;

    public TelegramRegistration(TelegramClient client) {
        this.client = client;
    }

    /**
     * The account a token makes: its id is the bot's id; its settings hold a fresh webhook secret
     * and the bot's username.
     */
    public record Prepared(String accountId, String username, String displayName, Map<String, String> settings) {}

    /** Whether Telegram now delivers to us; the registration answer's {@code "webhook"} field. */
    public enum WebhookState {
        SET("set"),
        NOT_SET("not_set");

        private final String wireName;

        WebhookState(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /**
     * Before the account is stored: asks {@code getMe} who the token belongs to.
     *
     * @throws InvalidInputException naming {@code access_token} when Telegram does not know the token
     * @throws TelegramApiException when Telegram cannot be reached or fails otherwise
     */
    public Prepared prepare(Secret botToken) {
        if (botToken == null || botToken.value().isBlank()) throw new InvalidInputException("access_token", "a Telegram bot token is required");
        TelegramClient.BotIdentity bot;
        try {
            bot = client.getMe(botToken);
        } catch (TelegramApiException e) {
            if (e.errorCode() == 401 || e.errorCode() == 404) {
                throw new InvalidInputException("access_token", "Telegram does not know this bot token (getMe answered " + e.errorCode() + ")");
            }
            throw e;
        }
        Map<String, String> settings = bot.username() == null
                ? Map.of(TelegramWebhookSecret.SETTING, TelegramWebhookSecret.generate().value())
                : Map.of(TelegramWebhookSecret.SETTING, TelegramWebhookSecret.generate().value(), "bot_username", bot.username());
        return new Prepared(Long.toString(bot.id()), bot.username(), bot.firstName(), settings);
    }

    /**
     * After the account is stored: points the bot's webhook at {@code {publicBaseUrl}/webhooks/telegram/{id}}
     * with the account's secret, or does nothing when there is no public URL.
     *
     * @throws TelegramApiException when {@code setWebhook} fails (the URL is not https on 443/80/88/8443…)
     */
    public WebhookState registered(ChannelAccount account, String publicBaseUrl) {
        if (publicBaseUrl == null || publicBaseUrl.isBlank()) return WebhookState.NOT_SET;
        String secret = account.setting(TelegramWebhookSecret.SETTING);
        if (secret == null || secret.isEmpty()) throw new InvalidInputException("settings", "bot " + account.id() + " has no webhook secret");
        client.setWebhook(account.accessToken(), webhookUrl(publicBaseUrl, account.id()), new Secret(secret), ALLOWED_UPDATES);
        return WebhookState.SET;
    }

    /** After the account is deleted: Telegram stops delivering. @throws TelegramApiException when it refuses */
    public void deleted(ChannelAccount account) {
        if (account.accessToken() != null) client.deleteWebhook(account.accessToken());
    }

    public static String webhookUrl(String publicBaseUrl, String accountId) {
        return publicBaseUrl.strip().replaceAll("/+$", "") + "/webhooks/telegram/" + accountId;
    }
}
