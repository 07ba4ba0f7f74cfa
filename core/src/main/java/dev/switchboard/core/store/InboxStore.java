package dev.switchboard.core.store;

import dev.switchboard.core.domain.Conversation;
import dev.switchboard.core.domain.DeliveryStatus;
import dev.switchboard.core.domain.Message;
import java.time.Instant;
import java.util.Optional;

/**
 * The webhook path's view of conversations: what a provider tells us about messages. Every call is
 * one atomic step and safe under concurrent callers; none of them starts a turn (the engine does).
 */
public interface InboxStore {

    /**
     * Stores an inbound message, creating the contact (or refreshing its name, phone, expiry and
     * attributes) and opening a conversation for (agent, contact) if none is open, in one atomic
     * step. Stored once per (channel account, external id), however many concurrent callers
     * accept it. The customer writing clears the conversation's {@code recipientBlocked} flag.
     */
    Accepted acceptInbound(NewInbound inbound);

    /**
     * Applies a provider's delivery report to our outbound message with that external id, only if it
     * moves the message forward ({@link DeliveryStatus#canMoveTo}).
     *
     * @return the message after the update, or empty if unknown or not moved
     */
    default Optional<Message> applyStatus(String channelAccountId, String externalId, DeliveryStatus status,
                                          String errorCode, String error, Instant at) {
        return applyStatus(channelAccountId, externalId, status, errorCode, error, at, false);
    }

    /**
     * As {@link #applyStatus(String, String, DeliveryStatus, String, String, Instant)}; when
     * {@code closesWindow} (the channel said this report's error means the customer service window
     * is closed) and the message moved, also sets its conversation's {@code windowClosedAt}, in the
     * same atomic step.
     */
    Optional<Message> applyStatus(String channelAccountId, String externalId, DeliveryStatus status,
                                  String errorCode, String error, Instant at, boolean closesWindow);

    /** The message (either direction) with this provider id on the account, if stored. */
    Optional<Message> findByExternalId(String channelAccountId, String externalId);

    /** The open (active, paused or escalated) conversation of an agent with a contact, if any. */
    Optional<Conversation> findOpen(String agentId, String contactId);

    /**
     * The customer edited a message we stored: replaces its text and sets {@code editedAt}; its
     * {@code raw} payload (the original as received) is kept. Only inbound messages are edited;
     * applying the same edit twice changes nothing more. No turn follows from an edit.
     *
     * @return the message after the edit, or empty when no inbound message has that id
     */
    Optional<Message> editInbound(String channelAccountId, String externalId, String newText, Instant editedAt);
}
