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
        Instant processedAt) {}
