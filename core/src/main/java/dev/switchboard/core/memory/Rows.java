package dev.switchboard.core.memory;

import dev.switchboard.core.domain.Conversation;
import dev.switchboard.core.domain.ConversationStatus;
import dev.switchboard.core.domain.DeliveryStatus;
import dev.switchboard.core.domain.Direction;
import dev.switchboard.core.domain.MediaRef;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.domain.Sender;
import dev.switchboard.core.domain.Usage;
import java.time.Instant;

/**
 * The mutable rows {@link InMemoryConversationStore} keeps under its lock: a change sets a field,
 * and readers get an immutable snapshot ({@code snapshot()}), so no caller sees a row change.
 */
final class Rows {
    private Rows() {}

    static final class ConversationRow {
        final String id, tenantId, agentId, channelAccountId, contactId, channel;
        final Instant createdAt;
        ConversationStatus status = ConversationStatus.ACTIVE;
        String statusReason, modelConversationId, lastAgentMessageId;
        long lastSeq, answeredThroughSeq, extractedThroughSeq;
        Instant lastInboundAt, lastMessageAt, windowClosedAt;
        boolean greeted, recipientBlocked;

        ConversationRow(String id, String tenantId, String agentId, String channelAccountId, String contactId,
                        String channel, Instant createdAt) {
            this.id = id;
            this.tenantId = tenantId;
            this.agentId = agentId;
            this.channelAccountId = channelAccountId;
            this.contactId = contactId;
            this.channel = channel;
            this.createdAt = createdAt;
            this.lastMessageAt = createdAt;
        }

        Conversation snapshot() {
            return new Conversation(id, tenantId, agentId, channelAccountId, contactId, channel, status, statusReason,
                    modelConversationId, lastSeq, answeredThroughSeq, extractedThroughSeq, lastInboundAt, lastMessageAt,
                    createdAt, greeted, windowClosedAt, recipientBlocked, lastAgentMessageId);
        }
    }

    static final class MessageRow {
        final String id, tenantId, conversationId, channelAccountId, type, replyToExternalId, raw;
        final long seq;
        final Direction direction;
        final Sender sender;
        final Usage usage;
        final Instant createdAt;
        String text, externalId, errorCode, lastError;
        MediaRef media;
        DeliveryStatus status;
        int attempts;
        Instant updatedAt, editedAt;

        MessageRow(String id, String tenantId, String conversationId, String channelAccountId, long seq, Direction direction,
                   Sender sender, String type, String text, MediaRef media, String externalId, String replyToExternalId,
                   DeliveryStatus status, String raw, Usage usage, Instant createdAt, Instant updatedAt) {
            this.id = id;
            this.tenantId = tenantId;
            this.conversationId = conversationId;
            this.channelAccountId = channelAccountId;
            this.seq = seq;
            this.direction = direction;
            this.sender = sender;
            this.type = type;
            this.text = text;
            this.media = media;
            this.externalId = externalId;
            this.replyToExternalId = replyToExternalId;
            this.status = status;
            this.raw = raw;
            this.usage = usage;
            this.createdAt = createdAt;
            this.updatedAt = updatedAt;
        }

        Message snapshot() {
            return new Message(id, tenantId, conversationId, channelAccountId, seq, direction, sender, type, text, media,
                    externalId, replyToExternalId, status, attempts, errorCode, lastError, raw, usage, createdAt, updatedAt,
                    editedAt);
        }
    }
}
