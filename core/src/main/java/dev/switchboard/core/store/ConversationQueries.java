package dev.switchboard.core.store;

import dev.switchboard.core.domain.Conversation;
import dev.switchboard.core.domain.ConversationStatus;
import dev.switchboard.core.domain.Message;
import java.util.List;
import java.util.Optional;

/** What operators (and the engine's lookups) read and change on conversations, tenant-scoped where it lists. */
public interface ConversationQueries {

    Optional<Conversation> find(String conversationId);

    /** The conversations {@link #inbox} lists, without their contact and last message. */
    default List<Conversation> list(String tenantId, ConversationQuery query) {
        return inbox(tenantId, query).stream().map(InboxEntry::conversation).toList();
    }

    /**
     * A tenant's conversations matching the query, each with its contact and newest message, in the
     * query's order (ties broken on the conversation id), read in one step.
     */
    List<InboxEntry> inbox(String tenantId, ConversationQuery query);

    /** A conversation's messages numbered {@code fromSeq} to {@code toSeq} (both included), in sequence order. */
    List<Message> messageRange(String conversationId, long fromSeq, long toSeq);

    List<Message> messages(String tenantId, MessageQuery query);

    Optional<Message> findMessage(String messageId);

    /**
     * Unknown ids change nothing. Reopening a conversation while the agent has another open one with
     * the contact is a {@link dev.switchboard.core.support.ConflictException}.
     */
    void setStatus(String conversationId, ConversationStatus status, String reason);
}
