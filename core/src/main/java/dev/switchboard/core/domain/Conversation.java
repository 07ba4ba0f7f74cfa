package dev.switchboard.core.domain;

import java.time.Instant;

/**
 * One thread between a contact and an agent on one channel account. Besides its identity it keeps
 * the facts the hot paths need, so no turn or send re-reads the history to derive them; the store
 * updates each in the same atomic step as the message that changes it.
 *
 * @param modelConversationId the AI side's conversation id (OpenAI {@code conv_…}), null until the first turn
 * @param lastSeq             sequence number of the newest message
 * @param answeredThroughSeq  every inbound message with a sequence number up to this one has been
 *                            answered (or deliberately left unanswered); the worker's watermark
 * @param extractedThroughSeq newest message sequence number covered by a lead extraction, 0 if none
 * @param lastInboundAt       when the customer last wrote (opens the channel's service window)
 * @param greeted             a message has gone out to the customer (greeting, reply, operator
 *                            message or echo): no greeting is due any more
 * @param windowClosedAt      when a provider last reported the service window closed; the window is
 *                            closed while this is after {@link #lastInboundAt}; null if never
 * @param recipientBlocked    a send failed because the recipient blocked us; cleared when they write again
 * @param lastAgentMessageId  the newest message the agent (the bot) wrote, null if none: an echo of one
 *                            of its parts is recognised as ours without reading the history
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
        Instant createdAt,
        boolean greeted,
        Instant windowClosedAt,
        boolean recipientBlocked,
        String lastAgentMessageId) {

    /** A conversation with none of the stored facts set yet. */
    public Conversation(String id, String tenantId, String agentId, String channelAccountId, String contactId,
                        String channel, ConversationStatus status, String statusReason, String modelConversationId,
                        long lastSeq, long answeredThroughSeq, long extractedThroughSeq, Instant lastInboundAt,
                        Instant lastMessageAt, Instant createdAt) {
        this(id, tenantId, agentId, channelAccountId, contactId, channel, status, statusReason, modelConversationId,
                lastSeq, answeredThroughSeq, extractedThroughSeq, lastInboundAt, lastMessageAt, createdAt, false, null, false, null);
    }

    /** Whether a provider closed the service window after the customer last wrote. */
    public boolean providerClosedWindow() {
        return windowClosedAt != null && (lastInboundAt == null || windowClosedAt.isAfter(lastInboundAt));
    }
}
