package dev.switchboard.core.store;

import dev.switchboard.core.domain.Conversation;
import dev.switchboard.core.domain.ConversationStatus;
import dev.switchboard.core.domain.Message;
import java.util.List;
import java.util.Optional;

/** What operators (and the engine's lookups) read and change on conversations, tenant-scoped where it lists. */
public interface ConversationQueries {

    Optional<Conversation> find(String conversationId);

    List<Conversation> list(String tenantId, ConversationQuery query);

    List<Message> messages(String tenantId, MessageQuery query);

    Optional<Message> findMessage(String messageId);

    /**
     * Unknown ids change nothing. Reopening a conversation while the agent has another open one with
     * the contact is a {@link dev.switchboard.core.support.ConflictException}.
     */
    void setStatus(String conversationId, ConversationStatus status, String reason);
}
