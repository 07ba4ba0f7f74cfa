package dev.switchboard.core.usecase;

import dev.switchboard.core.domain.ContactSession;
import dev.switchboard.core.domain.Conversation;
import dev.switchboard.core.domain.ConversationStatus;
import dev.switchboard.core.domain.Direction;
import dev.switchboard.core.domain.Message;
import java.time.Instant;

/**
 * A conversation as an operator's inbox shows it.
 *
 * @param contactLastMessageAt the newest message time over all the contact's conversations
 * @param lastMessage     its newest message, null if none
 * @param windowOpenUntil when the channel's customer service window closes (the customer's last
 *                        message plus the window; earlier if the provider reported it closed); null
 *                        when the channel has no window or the customer never wrote
 */
public record ConversationView(Conversation conversation, ContactSession contact, Instant contactLastMessageAt, Message lastMessage,
                               Instant windowOpenUntil) {

    /** The customer wrote last: the conversation waits for an answer. */
    public boolean awaitingReply() {
        return lastMessage != null && lastMessage.direction() == Direction.INBOUND;
    }

    /** A human has the conversation: an operator took over (paused) or the model asked for one (escalated). */
    public boolean handledByHuman() {
        return conversation.status() == ConversationStatus.PAUSED || conversation.status() == ConversationStatus.ESCALATED;
    }

    /** Not resolved or archived. */
    public boolean active() {
        return conversation.status().open();
    }
}
