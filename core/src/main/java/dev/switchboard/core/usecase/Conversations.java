package dev.switchboard.core.usecase;

import dev.switchboard.core.domain.Agent;
import dev.switchboard.core.domain.Conversation;
import dev.switchboard.core.domain.ConversationStatus;
import dev.switchboard.core.domain.Extraction;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.domain.ContactSession;
import dev.switchboard.core.engine.ChannelRegistry;
import dev.switchboard.core.store.ConversationQuery;
import dev.switchboard.core.store.InboxEntry;
import dev.switchboard.core.support.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
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

    private final ChannelRegistry channels;

    public Conversations(Stores stores, WorkQueue queue, Tenants tenants, ChannelRegistry channels) {
        this.stores = stores;
        this.queue = queue;
        this.tenants = tenants;
        this.channels = channels;
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

    /** The conversations as an inbox shows them (contact, last message, service window), read in one store step. */
    public List<ConversationView> inbox(String tenantId, ConversationQuery query) {
        tenants.get(tenantId);
        List<InboxEntry> entries = stores.conversations().inbox(tenantId, query);
        Map<String, Optional<Duration>> windows = new HashMap<>();
        return entries.stream().map(e -> view(e.conversation(), e.contact(), e.contactLastMessageAt(), e.lastMessage(), windows)).toList();
    }

    /** @throws NotFoundException when the tenant has no such conversation */
    public ConversationView view(String tenantId, String conversationId) {
        Conversation c = get(tenantId, conversationId);
        ContactSession contact = stores.contacts().find(c.contactId()).orElse(null);
        Message last = c.lastSeq() == 0 ? null
                : stores.conversations().messageRange(c.id(), c.lastSeq(), c.lastSeq()).stream().findFirst().orElse(null);
        // the contact's newest conversation carries its newest activity
        Instant contactLast = stores.conversations().list(tenantId, ConversationQuery.ofContact(c.contactId(), 1)).stream()
                .findFirst().map(Conversation::lastMessageAt).orElse(c.lastMessageAt());
        return view(c, contact, contactLast, last, new HashMap<>());
    }

    /**
     * A page of the transcript, in sequence order. With {@code afterSeq}: the next {@code limit}
     * messages after it (and before {@code beforeSeq} when given too). Otherwise the newest
     * {@code limit} messages before {@code beforeSeq} (or the newest of all), so a reader opens at
     * the newest and pages backwards. Relies on sequence numbers having no gap.
     *
     * @throws NotFoundException when the tenant has no such conversation
     */
    public TranscriptPage transcript(String tenantId, String conversationId, Long afterSeq, Long beforeSeq, int limit) {
        Conversation c = get(tenantId, conversationId);
        if (limit <= 0) throw new InvalidInputException("limit", "must be at least 1");
        long end = beforeSeq == null ? c.lastSeq() : Math.min(beforeSeq - 1, c.lastSeq());
        long from;
        long to;
        boolean more;
        if (afterSeq != null) {
            from = Math.max(afterSeq, 0) + 1;
            to = Math.min(end, from + limit - 1);
            more = to < end;
        } else {
            to = end;
            from = Math.max(1, to - limit + 1);
            more = from > 1 && to >= 1;
        }
        List<Message> page = from > to ? List.of() : stores.conversations().messageRange(conversationId, from, to);
        return new TranscriptPage(conversationId, page, more);
    }

    private ConversationView view(Conversation c, ContactSession contact, Instant contactLast, Message last,
                                  Map<String, Optional<Duration>> windows) {
        Instant until = null;
        if (c.lastInboundAt() != null) {
            Optional<Duration> window = windows.computeIfAbsent(c.channelAccountId(), id -> stores.accounts().find(id)
                    .flatMap(a -> channels.find(a.channel(), a.provider())).flatMap(ch -> ch.serviceWindow()));
            if (window.isPresent()) {
                until = c.lastInboundAt().plus(window.get());
                if (c.providerClosedWindow() && c.windowClosedAt().isBefore(until)) until = c.windowClosedAt();
            }
        }
        return new ConversationView(c, contact, contactLast, last, until);
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
