package dev.switchboard.core.domain;

import java.time.Instant;

/**
 * One message in either direction. Inbound messages are unique per (channel account, external id);
 * {@code seq} numbers a conversation's messages 1, 2, 3… with no gap.
 *
 * @param text        body or caption; null for media without caption
 * @param externalId  the provider's id (wamid, Instagram mid, Evolution key id); null until an outbound one is sent
 * @param attempts    send attempts made (outbound)
 * @param errorCode   the provider's error code of the last failure, if any
 * @param lastError   the provider's error message of the last failure, if any
 * @param raw         the provider's JSON for this message, as received
 * @param usage       model usage that produced this message (agent replies)
 * @param editedAt    when the customer last edited this inbound message (its {@code raw} keeps the
 *                    original); null if never edited
 */
public record Message(
        String id,
        String tenantId,
        String conversationId,
        String channelAccountId,
        long seq,
        Direction direction,
        Sender sender,
        String type,
        String text,
        MediaRef media,
        String externalId,
        String replyToExternalId,
        DeliveryStatus status,
        int attempts,
        String errorCode,
        String lastError,
        String raw,
        Usage usage,
        Instant createdAt,
        Instant updatedAt,
        Instant editedAt) {

    /** A message never edited. */
    public Message(String id, String tenantId, String conversationId, String channelAccountId, long seq,
                   Direction direction, Sender sender, String type, String text, MediaRef media, String externalId,
                   String replyToExternalId, DeliveryStatus status, int attempts, String errorCode, String lastError,
                   String raw, Usage usage, Instant createdAt, Instant updatedAt) {
        this(id, tenantId, conversationId, channelAccountId, seq, direction, sender, type, text, media, externalId,
                replyToExternalId, status, attempts, errorCode, lastError, raw, usage, createdAt, updatedAt, null);
    }

    /** How the message reads to the model: the text itself, or a short description of non-text content. */
    public String modelText() {
        if (MessageTypes.TEXT.equals(type)) return text == null ? "" : text;
        String body = text == null || text.isBlank() ? "" : ": " + text;
        return "[" + type + body + "]";
    }
}
