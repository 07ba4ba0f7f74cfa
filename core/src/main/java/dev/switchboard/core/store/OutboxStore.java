package dev.switchboard.core.store;

import dev.switchboard.core.domain.Message;
import java.util.List;

/**
 * Outbound messages from stored to sent. A message is stored (pending) before it is sent, so a
 * crash between the two leaves it here to be sent again. Appending any outbound message marks the
 * conversation {@code greeted}; recording a send applies the outcome's effects on the conversation
 * (window closed, recipient blocked) in the same atomic step.
 */
public interface OutboxStore {

    /** Outbound messages still pending (stored but not yet sent), oldest first. */
    List<Message> pendingOutbound(String conversationId);

    /**
     * Appends an outbound message (greeting, operator message, echo) with the next sequence number.
     * One whose external id is stored already is not stored again: the stored one is returned.
     *
     * @throws dev.switchboard.core.support.NotFoundException if there is no such conversation
     */
    Message appendOutbound(String conversationId, NewOutbound outbound);

    /** Records the result of sending an outbound message. Unknown ids change nothing. */
    void recordSend(String messageId, SendOutcome outcome);
}
