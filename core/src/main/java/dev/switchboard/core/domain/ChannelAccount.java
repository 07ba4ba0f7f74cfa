package dev.switchboard.core.domain;

import java.time.Instant;
import java.util.Map;

/**
 * The thing a webhook is addressed to: a WhatsApp phone number id, an Evolution instance, an
 * Instagram professional account, a web chat site. {@code id} is the provider's identifier
 * (seed 001's {@code phone_number_id}) and is unique across the deployment.
 *
 * @param channel  the channel family stored on contacts ("whatsapp", "instagram", "webchat", …)
 * @param provider which integration serves it within the channel ("cloud", "evolution", …)
 * @param settings provider-specific settings (server URL, webhook token…). Keys ending in
 *                 {@code _token} or {@code _secret} hold secrets: the admin API masks them and
 *                 nothing logs settings.
 */
public record ChannelAccount(
        String id,
        String tenantId,
        String channel,
        String provider,
        String externalNumber,
        Secret accessToken,
        String displayName,
        Map<String, String> settings,
        Instant createdAt) {

    public ChannelAccount {
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    public String setting(String key) {
        return settings.get(key);
    }
}
