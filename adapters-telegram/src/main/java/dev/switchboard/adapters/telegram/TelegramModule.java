package dev.switchboard.adapters.telegram;

import dev.switchboard.core.channel.AccountDraft;
import dev.switchboard.core.channel.ChannelDescriptor;
import dev.switchboard.core.channel.ChannelModule;
import dev.switchboard.core.channel.RegistrationContext;
import dev.switchboard.core.channel.RegistrationField;
import dev.switchboard.core.channel.WebhookRoute;
import dev.switchboard.core.domain.ChannelAccount;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Telegram bots as a channel module: an account is registered with its bot token (and optionally a
 * display name); {@code getMe} gives its id (the account id) and username, a fresh webhook secret
 * is kept in its settings, and when the deployment has a public URL the bot's webhook is pointed at
 * {@code /webhooks/telegram/{account_id}} (a refused {@code setWebhook} leaves the account stored
 * and answers {@code "webhook": "not_set"} with {@code "webhook_error"}). Deleting the account
 * deletes the webhook.
 */
public final class TelegramModule implements ChannelDescriptor {
    /** The registration answer's field saying whether Telegram now delivers to us ("set" or "not_set"). */
    public static final String WEBHOOK = "webhook";
    public static final String BOT_USERNAME = "bot_username";

    private static final Logger log = LoggerFactory.getLogger(TelegramModule.class);

    private final TelegramRegistration registration;

    private TelegramModule(TelegramRegistration registration) {
        this.registration = registration;
    }

    public static ChannelModule create(TelegramConfig config) {
        TelegramChannel channel = new TelegramChannel(config);
        return new ChannelModule(new TelegramModule(new TelegramRegistration(channel.client())), channel);
    }

    @Override
    public String type() {
        return TelegramChannel.CHANNEL;
    }

    @Override
    public String provider() {
        return TelegramChannel.PROVIDER;
    }

    @Override
    public boolean defaultProvider() {
        return true;
    }

    @Override
    public List<RegistrationField> registrationFields() {
        return List.of(RegistrationField.required(RegistrationField.ACCESS_TOKEN, "the bot token from @BotFather"),
                RegistrationField.optional(RegistrationField.DISPLAY_NAME, "a name to show operators (default: the bot's name)"));
    }

    @Override
    public List<WebhookRoute> webhookRoutes() {
        return List.of(WebhookRoute.receive("/webhooks/telegram/{" + TelegramChannel.ACCOUNT_ID_PARAM + "}"));
    }

    /**
     * Asks {@code getMe} whose token it is: the bot id becomes the account id, the settings get the
     * webhook secret and the bot's username (whatever the caller sent for them is replaced).
     *
     * @throws dev.switchboard.core.support.InvalidInputException naming {@code access_token} for a token Telegram does not know
     */
    @Override
    public AccountDraft prepare(AccountDraft draft) {
        TelegramRegistration.Prepared bot = registration.prepare(draft.accessToken());
        AccountDraft prepared = draft.withAccountId(bot.accountId())
                .with(TelegramWebhookSecret.SETTING, null)
                .with(BOT_USERNAME, null);
        for (var setting : bot.settings().entrySet()) prepared = prepared.with(setting.getKey(), setting.getValue());
        if (prepared.displayName() == null || prepared.displayName().isBlank()) {
            prepared = prepared.with(RegistrationField.DISPLAY_NAME, bot.displayName());
        }
        return prepared;
    }

    /** Calls {@code setWebhook} when the deployment has a public URL; answers {@code "webhook": "set"|"not_set"}. */
    @Override
    public Map<String, String> registered(ChannelAccount account, RegistrationContext context) {
        String publicBaseUrl = context == null ? null : context.publicBaseUrl();
        try {
            return Map.of(WEBHOOK, registration.registered(account, publicBaseUrl).wireName());
        } catch (TelegramApiException e) {
            // The account is stored: say why Telegram does not deliver yet rather than fail the registration.
            log.warn("setWebhook for bot {} failed: {}", account.id(), e.getMessage());
            return Map.of(WEBHOOK, TelegramRegistration.WebhookState.NOT_SET.wireName(), "webhook_error", e.getMessage());
        }
    }

    @Override
    public void deleted(ChannelAccount account) {
        registration.deleted(account);
    }
}
