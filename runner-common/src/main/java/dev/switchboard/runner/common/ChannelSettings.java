package dev.switchboard.runner.common;

import dev.switchboard.adapters.instagram.InstagramConfig;
import dev.switchboard.adapters.instagram.InstagramModule;
import dev.switchboard.adapters.telegram.TelegramConfig;
import dev.switchboard.adapters.telegram.TelegramModule;
import dev.switchboard.adapters.webchat.WebchatModule;
import dev.switchboard.adapters.whatsapp.EvolutionConfig;
import dev.switchboard.adapters.whatsapp.EvolutionModule;
import dev.switchboard.adapters.whatsapp.WhatsAppCloudConfig;
import dev.switchboard.adapters.whatsapp.WhatsAppCloudModule;
import dev.switchboard.core.channel.ChannelModule;
import dev.switchboard.core.engine.Switchboard;
import java.time.Duration;
import java.util.List;

/**
 * The channels a runner serves and sends on: WhatsApp Cloud (paced to Meta's limits), Evolution
 * API, Instagram and Telegram. The server verifies webhooks with the secrets; the worker only sends, and the
 * same settings give it the same channels. Runners see channels only as {@link ChannelModule}s:
 * {@link #modules()} is the one list of them; adding a channel is a line there (and its settings here).
 *
 * @param instagramAppSecret null to verify Instagram webhooks with {@code webhookSecret}
 * @param telegramApiBaseUrl the Bot API server (api.telegram.org or a self-hosted one)
 * @param evolutionApiKey    the Evolution server's global key (creates instances on connect); null for none
 * @param publicBaseUrl      the server's public URL, under which webhooks are registered (Telegram's
 *                           {@code setWebhook}, Evolution's {@code webhook/set}); null when not configured
 */
public record ChannelSettings(
        String webhookSecret,
        String webhookVerifyToken,
        String whatsappApiBaseUrl,
        double whatsappMessagesPerSecond,
        Duration whatsappPairInterval,
        String evolutionApiUrl,
        String evolutionAllowedHosts,
        String evolutionApiKey,
        String instagramApiBaseUrl,
        String instagramAppSecret,
        String instagramAppId,
        String telegramApiBaseUrl,
        String publicBaseUrl,
        WebchatSettings webchat) {

    /** Reads WEBHOOK_SECRET, WEBHOOK_VERIFY_TOKEN, WHATSAPP_*, EVOLUTION_API_URL, EVOLUTION_ALLOWED_HOSTS, EVOLUTION_API_KEY and INSTAGRAM_*, TELEGRAM_API_BASE_URL and PUBLIC_BASE_URL; see README. */
    public static ChannelSettings fromEnv(Env env) {
        return new ChannelSettings(
                env.string("WEBHOOK_SECRET", null),
                env.string("WEBHOOK_VERIFY_TOKEN", null),
                env.url("WHATSAPP_API_BASE_URL", "https://graph.facebook.com/v23.0"),
                env.integer("WHATSAPP_MESSAGES_PER_SECOND", 80, 1, 10_000),
                Duration.ofMillis(env.integer("WHATSAPP_PAIR_INTERVAL_MS", 6_000, 0, 600_000)),
                env.url("EVOLUTION_API_URL", null),
                env.string("EVOLUTION_ALLOWED_HOSTS", null),
                env.string("EVOLUTION_API_KEY", null),
                env.url("INSTAGRAM_API_BASE_URL", "https://graph.instagram.com/v23.0"),
                env.string("INSTAGRAM_APP_SECRET", null),
                env.string("INSTAGRAM_APP_ID", null),
                env.url("TELEGRAM_API_BASE_URL", TelegramConfig.DEFAULT_API_BASE_URL),
                env.url("PUBLIC_BASE_URL", null),
                WebchatSettings.fromEnv(env));
    }

    /** Registers {@link #modules()} with the engine, and the public URL their registration hooks use. */
    public void configure(Switchboard.Config engine) {
        modules().forEach(engine::module);
        engine.publicBaseUrl(publicBaseUrl);
    }

    /** One module per channel, ready to register with the engine; the first of a family is listed first. */
    public List<ChannelModule> modules() {
        return List.of(
                WhatsAppCloudModule.create(WhatsAppCloudConfig.builder()
                        .apiBaseUrl(whatsappApiBaseUrl)
                        .appSecret(webhookSecret)
                        .verifyToken(webhookVerifyToken)
                        .pacing(whatsappMessagesPerSecond, whatsappPairInterval)
                        .build()),
                EvolutionModule.create(EvolutionConfig.builder()
                        .defaultServerUrl(evolutionApiUrl).allowedHosts(evolutionAllowedHosts)
                        .globalApiKey(evolutionApiKey).publicBaseUrl(publicBaseUrl).build()),
                InstagramModule.create(InstagramConfig.builder()
                        .apiBaseUrl(instagramApiBaseUrl)
                        .appSecret(instagramAppSecret != null ? instagramAppSecret : webhookSecret)
                        .verifyToken(webhookVerifyToken)
                        .appId(instagramAppId)
                        .build()),
                TelegramModule.create(TelegramConfig.builder().apiBaseUrl(telegramApiBaseUrl).build()),
                WebchatModule.create(webchat.channelConfig()));
    }
}
