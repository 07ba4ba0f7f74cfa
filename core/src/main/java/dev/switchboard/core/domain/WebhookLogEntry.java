package dev.switchboard.core.domain;

import java.time.Instant;

/** One processed webhook event, kept for debugging (seed 000's webhookLogs). */
public record WebhookLogEntry(
        String id,
        String tenantId,
        String channel,
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
}
