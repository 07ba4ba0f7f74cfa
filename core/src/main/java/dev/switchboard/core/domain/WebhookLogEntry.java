package dev.switchboard.core.domain;

import java.time.Instant;

/**
 * One processed webhook event, kept for debugging (seed 000's webhookLogs).
 *
 * @param tenantId null when the delivery matched no tenant (an unknown account, a malformed body)
 * @param channel  the channel type ({@code whatsapp}, {@code instagram}, …)
 * @param provider the provider beside it ({@code cloud}, {@code evolution}, …); null when not known
 */
public record WebhookLogEntry(
        String id,
        String tenantId,
        String channel,
        String provider,
        String eventType,
        boolean success,
        String error,
        String payload,
        Instant processedAt) {

    /** The texts made storable ({@link dev.switchboard.core.support.StoredText}). */
    public WebhookLogEntry {
        eventType = dev.switchboard.core.support.StoredText.clean(eventType);
        error = dev.switchboard.core.support.StoredText.clean(error);
        payload = dev.switchboard.core.support.StoredText.clean(payload);
    }

    /** An entry whose provider is not known. */
    public WebhookLogEntry(String id, String tenantId, String channel, String eventType, boolean success, String error,
                           String payload, Instant processedAt) {
        this(id, tenantId, channel, null, eventType, success, error, payload, processedAt);
    }
}
