package dev.switchboard.runner.common;

import dev.switchboard.adapters.instagram.InstagramChannel;
import dev.switchboard.adapters.instagram.InstagramConfig;
import dev.switchboard.adapters.webchat.WebchatChannel;
import dev.switchboard.adapters.whatsapp.EvolutionChannel;
import dev.switchboard.adapters.whatsapp.EvolutionConfig;
import dev.switchboard.adapters.whatsapp.WhatsAppCloudChannel;
import dev.switchboard.adapters.whatsapp.WhatsAppCloudConfig;
import dev.switchboard.core.channel.Channel;
import dev.switchboard.core.engine.Switchboard;
import java.time.Duration;
import java.util.List;

/**
 * The channels a runner serves and sends on: WhatsApp Cloud (paced to Meta's limits), Evolution
 * API and Instagram. The server verifies webhooks with the secrets; the worker only sends, and the
 * same settings give it the same channels.
 *
 * @param instagramAppSecret null to verify Instagram webhooks with {@code webhookSecret}
 */
public record ChannelSettings(
        String webhookSecret,
        String webhookVerifyToken,
        String whatsappApiBaseUrl,
        double whatsappMessagesPerSecond,
        Duration whatsappPairInterval,
        String evolutionApiUrl,
        String instagramApiBaseUrl,
        String instagramAppSecret,
        String instagramAppId,
        WebchatSettings webchat) {

    /** Reads WEBHOOK_SECRET, WEBHOOK_VERIFY_TOKEN, WHATSAPP_*, EVOLUTION_API_URL and INSTAGRAM_*; see README. */
    public static ChannelSettings fromEnv(Env env) {
        return new ChannelSettings(
                env.string("WEBHOOK_SECRET", null),
                env.string("WEBHOOK_VERIFY_TOKEN", null),
                env.url("WHATSAPP_API_BASE_URL", "https://graph.facebook.com/v23.0"),
                env.integer("WHATSAPP_MESSAGES_PER_SECOND", 80, 1, 10_000),
                Duration.ofMillis(env.integer("WHATSAPP_PAIR_INTERVAL_MS", 6_000, 0, 600_000)),
                env.url("EVOLUTION_API_URL", null),
                env.url("INSTAGRAM_API_BASE_URL", "https://graph.instagram.com/v23.0"),
                env.string("INSTAGRAM_APP_SECRET", null),
                env.string("INSTAGRAM_APP_ID", null),
                WebchatSettings.fromEnv(env));
    }

    /** Registers {@link #channels()} with the engine. */
    public void configure(Switchboard.Config engine) {
        channels().forEach(engine::channel);
    }

    /** One adapter per channel, ready to register with the engine. */
    public List<Channel> channels() {
        var whatsApp = new WhatsAppCloudChannel(WhatsAppCloudConfig.builder()
                .apiBaseUrl(whatsappApiBaseUrl)
                .appSecret(webhookSecret)
                .verifyToken(webhookVerifyToken)
                .pacing(whatsappMessagesPerSecond, whatsappPairInterval)
                .build());
        var evolution = new EvolutionChannel(EvolutionConfig.builder().defaultServerUrl(evolutionApiUrl).build());
        var instagram = new InstagramChannel(InstagramConfig.builder()
                .apiBaseUrl(instagramApiBaseUrl)
                .appSecret(instagramAppSecret != null ? instagramAppSecret : webhookSecret)
                .verifyToken(webhookVerifyToken)
                .appId(instagramAppId)
                .build());
        return List.of(whatsApp, evolution, instagram, new WebchatChannel(webchat.channelConfig()));
    }
}
