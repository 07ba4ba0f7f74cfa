package dev.switchboard.core.usecase;

import dev.switchboard.core.domain.Agent;
import dev.switchboard.core.domain.Conversation;
import dev.switchboard.core.domain.ConversationStatus;
import dev.switchboard.core.domain.Extraction;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.store.ConversationQuery;
import dev.switchboard.core.store.MessageQuery;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.support.ConflictException;
import dev.switchboard.core.support.NotFoundException;
import dev.switchboard.core.work.Task;
import dev.switchboard.core.work.WorkQueue;
import java.util.List;
import java.util.Optional;

/** A tenant's conversations, their messages and extracted leads, and what an operator may do with them. Built by the engine. */
public final class Conversations {
    private final Stores stores;
    private final WorkQueue queue;
    private final Tenants tenants;

    public Conversations(Stores stores, WorkQueue queue, Tenants tenants) {
        this.stores = stores;
        this.queue = queue;
        this.tenants = tenants;
    }

    public List<Conversation> list(String tenantId, ConversationQuery query) {
        tenants.get(tenantId);
        return stores.conversations().list(tenantId, query);
    }

    /** @throws NotFoundException when the tenant has no such conversation */
    public Conversation get(String tenantId, String conversationId) {
        return stores.conversations().find(conversationId).filter(c -> c.tenantId().equals(tenantId))
                .orElseThrow(() -> new NotFoundException("conversation", conversationId));
    }

    public List<Message> messages(String tenantId, MessageQuery query) {
        tenants.get(tenantId);
        return stores.conversations().messages(tenantId, query);
    }

    /** @throws ConflictException when the conversation is closed (archived, resolved) */
    public Conversation setStatus(String tenantId, String conversationId, SetConversationStatus command) {
        Conversation c = get(tenantId, conversationId);
        if (!c.status().open()) throw new ConflictException("conversation " + conversationId + " is " + c.status().wire() + " and cannot change");
        stores.conversations().setStatus(conversationId, command.status(), "set by operator");
        return get(tenantId, conversationId);
    }

    /**
     * Stores the operator's message as pending from a human; the conversation's worker sends it,
     * in order with the bot's replies. Pauses the bot when the agent says so (its
     * {@code pauseOnHumanReply}, the default), so the operator keeps the conversation.
     *
     * @throws ConflictException when the conversation is closed
     */
    public Message send(String tenantId, String conversationId, SendOperatorMessage command) {
        Conversation c = get(tenantId, conversationId);
        if (!c.status().open()) throw new ConflictException("conversation " + conversationId + " is " + c.status().wire());
        Message m = stores.conversations().appendOutbound(conversationId, command.toOutbound());
        boolean pause = stores.agents().find(c.agentId()).map(Agent::pauseOnHumanReply).orElse(true);
        if (pause && c.status() == ConversationStatus.ACTIVE) {
            stores.conversations().setStatus(conversationId, ConversationStatus.PAUSED, "an operator took over");
        }
        queue.submit(Task.turn(conversationId));
        return m;
    }

    public List<Extraction> extractions(String tenantId, String conversationId, int limit, int offset) {
        tenants.get(tenantId);
        return stores.extractions().list(tenantId, conversationId, limit, offset);
    }

    /** The latest lead extracted from a conversation, if any. */
    public Optional<Extraction> latestExtraction(String conversationId) {
        return stores.extractions().latest(conversationId);
    }
}
