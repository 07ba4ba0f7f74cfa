package dev.switchboard.core.domain;

import java.time.Instant;

/**
 * One thread between a contact and an agent on one channel account.
 *
 * @param modelConversationId the AI side's conversation id (OpenAI {@code conv_…}), null until the first turn
 * @param lastSeq             sequence number of the newest message
 * @param answeredThroughSeq  every inbound message with a sequence number up to this one has been
 *                            answered (or deliberately left unanswered); the worker's watermark
 * @param extractedThroughSeq newest message sequence number covered by a lead extraction, 0 if none
 * @param lastInboundAt       when the customer last wrote (opens the 24-hour service window)
 */
public record Conversation(
        String id,
        String tenantId,
        String agentId,
        String channelAccountId,
        String contactId,
        String channel,
        ConversationStatus status,
        String statusReason,
        String modelConversationId,
        long lastSeq,
        long answeredThroughSeq,
        long extractedThroughSeq,
        Instant lastInboundAt,
        Instant lastMessageAt,
        Instant createdAt) {}
