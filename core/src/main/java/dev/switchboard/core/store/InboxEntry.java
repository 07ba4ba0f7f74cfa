package dev.switchboard.core.store;

import dev.switchboard.core.domain.ContactSession;
import dev.switchboard.core.domain.Conversation;
import dev.switchboard.core.domain.Message;

import java.time.Instant;

/**
 * A conversation as an inbox lists it, read in one step: with its contact and its newest message
 * (the one numbered {@code lastSeq}; null when it has none).
 *
 * @param contactLastMessageAt the newest {@code lastMessageAt} of all the contact's conversations
 */
public record InboxEntry(Conversation conversation, ContactSession contact, Message lastMessage, Instant contactLastMessageAt) {}
