package dev.switchboard.core.store;

import dev.switchboard.core.domain.Conversation;
import dev.switchboard.core.domain.Message;

/**
 * What {@link ConversationStore#acceptInbound} did.
 *
 * @param duplicate       the message was stored before (same account and external id); nothing changed
 * @param message         the stored message (the earlier one for a duplicate)
 * @param conversation    its conversation after the insert
 * @param newConversation this message opened the conversation
 */
public record Accepted(boolean duplicate, Message message, Conversation conversation, boolean newConversation) {}
