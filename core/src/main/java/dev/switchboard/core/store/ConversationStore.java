package dev.switchboard.core.store;

import dev.switchboard.core.domain.Conversation;
import dev.switchboard.core.domain.ConversationStatus;
import dev.switchboard.core.domain.DeliveryStatus;
import dev.switchboard.core.domain.Message;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Conversations and their messages (one aggregate: messages are numbered within their conversation).
 *
 * <p>Guarantees every implementation gives, pinned by the contract kit:
 * <ul>
 *   <li>an inbound message is stored once per (channel account, external id), however many
 *       concurrent callers accept it;</li>
 *   <li>one contact per (tenant, channel, channel user id) and one open conversation per
 *       (agent, contact), also under concurrent first messages;</li>
 *   <li>sequence numbers 1, 2, 3… per conversation, no gap or duplicate under concurrent appends;</li>
 *   <li>{@link #recordReply} is a compare-and-set on the answered watermark, so a turn is recorded once.</li>
 * </ul>
 */
public interface ConversationStore {

    /**
     * Stores an inbound message, creating the contact (or refreshing its name and expiry) and opening
     * a conversation for (agent, contact) if none is open, in one atomic step.
     */
    Accepted acceptInbound(NewInbound inbound);

    Optional<Conversation> find(String conversationId);

    /** The open (active, paused or escalated) conversation of an agent with a contact, if any. */
    Optional<Conversation> findOpen(String agentId, String contactId);

    List<Conversation> list(String tenantId, ConversationQuery query);

    /** Inbound messages after the answered watermark, oldest first. */
    List<Message> unanswered(String conversationId);

    /** The newest {@code limit} messages, returned oldest first. */
    List<Message> history(String conversationId, int limit);

    /** Outbound messages still pending (stored but not yet sent), oldest first. */
    List<Message> pendingOutbound(String conversationId);

    /** Appends an outbound message (greeting, operator message, echo) with the next sequence number. */
    Message appendOutbound(String conversationId, NewOutbound outbound);

    /**
     * Atomically: if the conversation's answered watermark is still {@code expectedWatermark}, moves
     * it to {@code newWatermark} and appends {@code reply} as its next message.
     *
     * @return the appended reply, or empty when the watermark had moved (another worker recorded
     *         this turn) — then nothing changed
     */
    Optional<Message> recordReply(String conversationId, long expectedWatermark, long newWatermark, NewOutbound reply);

    /**
     * Moves the answered watermark without a reply (the bot is paused, credits ran out).
     *
     * @return false when the watermark was no longer {@code expectedWatermark}
     */
    boolean advanceWatermark(String conversationId, long expectedWatermark, long newWatermark);

    /** Records the result of sending an outbound message. */
    void recordSend(String messageId, SendOutcome outcome);

    /**
     * Applies a provider's delivery report to our outbound message with that external id, only if it
     * moves the message forward ({@link DeliveryStatus#canMoveTo}).
     *
     * @return the message after the update, or empty if unknown or not moved
     */
    Optional<Message> applyStatus(String channelAccountId, String externalId, DeliveryStatus status,
                                  String errorCode, String error, Instant at);

    Optional<Message> findByExternalId(String channelAccountId, String externalId);

    Optional<Message> findMessage(String messageId);

    List<Message> messages(String tenantId, MessageQuery query);

    void setStatus(String conversationId, ConversationStatus status, String reason);

    void setModelConversationId(String conversationId, String modelConversationId);

    void setExtractedThrough(String conversationId, long seq);

    /** Records where a message's downloaded media is kept ({@link dev.switchboard.core.domain.MediaRef#storedPath()}). */
    void setMediaStoredPath(String messageId, String storedPath);

    /**
     * Open conversations that still owe work: an inbound message after the answered watermark, or an
     * outbound message still pending, and no inbound message since {@code quietSince}. The engine's
     * sweep re-enqueues them, so work a queue lost (Redis down, or back empty) is found again here.
     * Oldest first.
     */
    List<String> awaitingReply(Instant quietSince, int limit);

    /** Conversations with messages newer than their last extraction and quiet since {@code quietSince}. */
    List<String> awaitingExtraction(Instant quietSince, int limit);

    /**
     * Archives every open conversation on the account (the number was relinked from one agent to
     * another) and records the archive. @return how many were archived
     */
    int archiveOpen(String channelAccountId, String oldAgentId, String newAgentId);
}
