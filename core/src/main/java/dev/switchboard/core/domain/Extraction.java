package dev.switchboard.core.domain;

import java.time.Instant;

/**
 * Lead data extracted from a conversation. Scores are 1–3 or null when unknown.
 *
 * @param throughSeq the newest message sequence number the extraction saw
 */
public record Extraction(
        String id,
        String tenantId,
        String conversationId,
        String name,
        String email,
        String company,
        String intent,
        Integer urgency,
        Integer budget,
        Integer fit,
        Integer engagement,
        Instant demoDatetime,
        String smartNotification,
        long throughSeq,
        Instant extractedAt) {}
