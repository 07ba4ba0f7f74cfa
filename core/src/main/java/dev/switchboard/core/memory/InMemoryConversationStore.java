package dev.switchboard.core.memory;

import static dev.switchboard.core.memory.Guard.key;

import dev.switchboard.core.domain.ContactSession;
import dev.switchboard.core.domain.Conversation;
import dev.switchboard.core.domain.ConversationStatus;
import dev.switchboard.core.domain.DeliveryStatus;
import dev.switchboard.core.domain.Direction;
import dev.switchboard.core.domain.MediaRef;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.domain.Sender;
import dev.switchboard.core.memory.Rows.ConversationRow;
import dev.switchboard.core.memory.Rows.MessageRow;
import dev.switchboard.core.store.Accepted;
import dev.switchboard.core.store.ConversationQuery;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.store.InboxEntry;
import dev.switchboard.core.store.MessageQuery;
import dev.switchboard.core.store.NewInbound;
import dev.switchboard.core.store.NewOutbound;
import dev.switchboard.core.store.SendOutcome;
import dev.switchboard.core.support.Ids;
import dev.switchboard.core.support.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ConversationStore} in memory: conversations and their messages as mutable rows behind the
 * shared {@link Guard}, handed out as immutable snapshots. Contacts are created through
 * {@link InMemoryContactStore#upsert} in the same locked step as the message.
 */
final class InMemoryConversationStore implements ConversationStore {
    private final Guard guard;
    private final Clock clock;
    private final Ids ids;
    private final InMemoryContactStore contacts;

    private final Map<String, ConversationRow> conversations = new LinkedHashMap<>();
    private final Map<String, String> openByAgentAndContact = new HashMap<>();
    private final Map<String, List<MessageRow>> messagesByConversation = new HashMap<>();
    private final Map<String, MessageRow> messagesById = new HashMap<>();
    private final Map<String, String> messageIdByExternal = new HashMap<>();
    private final List<Map<String, Object>> archives = new ArrayList<>();

    InMemoryConversationStore(Guard guard, Clock clock, Ids ids, InMemoryContactStore contacts) {
        this.guard = guard;
        this.clock = clock;
        this.ids = ids;
        this.contacts = contacts;
    }

    List<Map<String, Object>> archives() {
        return guard.locked(() -> List.copyOf(archives));
    }

    // ---- inbox ----

    public Accepted acceptInbound(NewInbound in) {
        return guard.locked(() -> {
            String existing = messageIdByExternal.get(key(in.channelAccountId(), in.externalId()));
            if (existing != null) {
                MessageRow m = messagesById.get(existing);
                return new Accepted(true, m.snapshot(), conversations.get(m.conversationId).snapshot(), false);
            }
            Instant now = clock.instant();
            ContactSession contact = contacts.upsert(in, now);
            String openKey = key(in.agentId(), contact.id());
            String convId = openByAgentAndContact.get(openKey);
            boolean opened = convId == null;
            if (opened) {
                convId = ids.next("conv");
                conversations.put(convId, new ConversationRow(convId, in.tenantId(), in.agentId(), in.channelAccountId(),
                        contact.id(), in.channel(), now));
                openByAgentAndContact.put(openKey, convId);
                messagesByConversation.put(convId, new ArrayList<>());
            }
            ConversationRow c = conversations.get(convId);
            MessageRow m = new MessageRow(ids.next("msg"), in.tenantId(), convId, in.channelAccountId(), c.lastSeq + 1,
                    Direction.INBOUND, Sender.USER, in.type(), in.text(), in.media(), in.externalId(), in.replyToExternalId(),
                    DeliveryStatus.RECEIVED, in.raw(), null, in.receivedAt() == null ? now : in.receivedAt(), now);
            add(m);
            c.lastSeq = m.seq;
            c.lastInboundAt = now;
            c.lastMessageAt = now;
            c.recipientBlocked = false; // they wrote: whatever blocked our sends is gone
            return new Accepted(false, m.snapshot(), c.snapshot(), opened);
        });
    }

    public Optional<Message> applyStatus(String accountId, String externalId, DeliveryStatus status,
                                         String errorCode, String error, Instant at, boolean closesWindow) {
        return guard.locked(() -> {
            MessageRow m = byExternal(accountId, externalId);
            if (m == null || m.direction != Direction.OUTBOUND || !m.status.canMoveTo(status)) return Optional.empty();
            m.status = status;
            if (errorCode != null) m.errorCode = errorCode;
            if (error != null) m.lastError = error;
            m.updatedAt = clock.instant();
            if (closesWindow) conversations.get(m.conversationId).windowClosedAt = m.updatedAt;
            return Optional.of(m.snapshot());
        });
    }

    public Optional<Message> findByExternalId(String accountId, String externalId) {
        return guard.locked(() -> Optional.ofNullable(byExternal(accountId, externalId)).map(MessageRow::snapshot));
    }

    public Optional<Conversation> findOpen(String agentId, String contactId) {
        return guard.locked(() -> Optional.ofNullable(openByAgentAndContact.get(key(agentId, contactId)))
                .map(id -> conversations.get(id).snapshot()));
    }

    public Optional<Message> editInbound(String accountId, String externalId, String newText, Instant editedAt) {
        return guard.locked(() -> {
            MessageRow m = byExternal(accountId, externalId);
            if (m == null || m.direction != Direction.INBOUND) return Optional.empty();
            Instant at = editedAt == null ? clock.instant() : editedAt;
            m.text = newText;
            if (m.editedAt == null || at.isAfter(m.editedAt)) m.editedAt = at;
            m.updatedAt = clock.instant();
            return Optional.of(m.snapshot());
        });
    }

    // ---- turn ----

    public List<Message> unanswered(String conversationId) {
        return guard.locked(() -> {
            ConversationRow c = conversations.get(conversationId);
            if (c == null) return List.of();
            return all(conversationId).stream()
                    .filter(m -> m.direction == Direction.INBOUND && m.seq > c.answeredThroughSeq)
                    .map(MessageRow::snapshot).toList();
        });
    }

    public List<Message> history(String conversationId, int limit) {
        return guard.locked(() -> {
            List<MessageRow> ms = all(conversationId);
            return ms.subList(Math.max(0, ms.size() - Math.max(limit, 0)), ms.size()).stream().map(MessageRow::snapshot).toList();
        });
    }

    public Optional<Message> recordReply(String conversationId, long expected, long newWatermark, NewOutbound reply) {
        return guard.locked(() -> {
            if (!moveWatermark(conversationId, expected, newWatermark)) return Optional.empty();
            return Optional.of(append(conversationId, reply));
        });
    }

    public boolean advanceWatermark(String conversationId, long expected, long newWatermark) {
        return guard.locked(() -> moveWatermark(conversationId, expected, newWatermark));
    }

    private boolean moveWatermark(String conversationId, long expected, long newWatermark) {
        ConversationRow c = conversations.get(conversationId);
        if (c == null || c.answeredThroughSeq != expected) return false;
        c.answeredThroughSeq = newWatermark;
        return true;
    }

    public void setModelConversationId(String conversationId, String modelConversationId) {
        guard.locked(() -> {
            ConversationRow c = conversations.get(conversationId);
            if (c != null) c.modelConversationId = modelConversationId;
        });
    }

    public void setMediaStoredPath(String messageId, String storedPath) {
        guard.locked(() -> {
            MessageRow m = messagesById.get(messageId);
            if (m == null || m.media == null) return;
            MediaRef r = m.media;
            m.media = new MediaRef(r.id(), r.url(), r.mimeType(), r.filename(), r.sha256(), storedPath);
            m.updatedAt = clock.instant();
        });
    }

    // ---- outbox ----

    public List<Message> pendingOutbound(String conversationId) {
        return guard.locked(() -> all(conversationId).stream()
                .filter(m -> m.direction == Direction.OUTBOUND && m.status == DeliveryStatus.PENDING)
                .map(MessageRow::snapshot).toList());
    }

    public Message appendOutbound(String conversationId, NewOutbound out) {
        return guard.locked(() -> append(conversationId, out));
    }

    private Message append(String conversationId, NewOutbound out) {
        ConversationRow c = conversations.get(conversationId);
        if (c == null) throw new NotFoundException("conversation", conversationId);
        if (out.externalId() != null) {
            MessageRow existing = byExternal(c.channelAccountId, out.externalId());
            if (existing != null) return existing.snapshot();
        }
        Instant now = clock.instant();
        MessageRow m = new MessageRow(ids.next("msg"), c.tenantId, conversationId, c.channelAccountId, c.lastSeq + 1,
                Direction.OUTBOUND, out.sender(), out.type(), out.text(), out.media(), out.externalId(),
                out.replyToExternalId(), out.status(), out.raw(), out.usage(), now, now);
        add(m);
        c.lastSeq = m.seq;
        c.lastMessageAt = now;
        c.greeted = true;
        if (out.sender() == Sender.AGENT) c.lastAgentMessageId = m.id;
        return m.snapshot();
    }

    public void recordSend(String messageId, SendOutcome o) {
        guard.locked(() -> {
            MessageRow m = messagesById.get(messageId);
            if (m == null) return;
            Instant now = clock.instant();
            if (o.externalId() != null) {
                m.externalId = o.externalId();
                messageIdByExternal.put(key(m.channelAccountId, m.externalId), m.id);
            }
            m.status = o.status();
            m.attempts = o.attempts();
            m.errorCode = o.errorCode();
            m.lastError = o.lastError();
            m.updatedAt = now;
            ConversationRow c = conversations.get(m.conversationId);
            if (o.windowClosed()) c.windowClosedAt = now;
            if (o.recipientBlocked()) c.recipientBlocked = true;
        });
    }

    // ---- operator queries ----

    public Optional<Conversation> find(String conversationId) {
        return guard.locked(() -> Optional.ofNullable(conversations.get(conversationId)).map(ConversationRow::snapshot));
    }

    public List<InboxEntry> inbox(String tenantId, ConversationQuery q) {
        return guard.locked(() -> InMemoryInbox.list(conversations.values(), contacts::row,
                c -> c.lastSeq == 0 ? null : all(c.id).get((int) c.lastSeq - 1).snapshot(), tenantId, q));
    }

    public List<Message> messageRange(String conversationId, long fromSeq, long toSeq) {
        return guard.locked(() -> all(conversationId).stream().filter(m -> m.seq >= fromSeq && m.seq <= toSeq).map(MessageRow::snapshot).toList());
    }

    /** The newest activity of a contact's conversations, null if none. */
    Instant lastActivity(String contactId) {
        return guard.locked(() -> InMemoryInbox.lastActivity(conversations.values(), contactId));
    }

    public List<Message> messages(String tenantId, MessageQuery q) {
        return guard.locked(() -> conversations.values().stream()
                .filter(c -> c.tenantId.equals(tenantId))
                .filter(c -> q.conversationId() == null || q.conversationId().equals(c.id))
                .filter(c -> q.channelAccountId() == null || q.channelAccountId().equals(c.channelAccountId))
                .filter(c -> q.contactId() == null || q.contactId().equals(c.contactId))
                .sorted(Comparator.comparing((ConversationRow c) -> c.createdAt).reversed().thenComparing(c -> c.id))
                .flatMap(c -> all(c.id).stream()).skip(q.offset()).limit(q.limit()).map(MessageRow::snapshot).toList());
    }

    public Optional<Message> findMessage(String messageId) {
        return guard.locked(() -> Optional.ofNullable(messagesById.get(messageId)).map(MessageRow::snapshot));
    }

    public void setStatus(String conversationId, ConversationStatus status, String reason) {
        guard.locked(() -> {
            ConversationRow c = conversations.get(conversationId);
            if (c == null) return;
            boolean wasOpen = c.status.open();
            c.status = status;
            c.statusReason = reason;
            String openKey = key(c.agentId, c.contactId);
            if (!status.open()) openByAgentAndContact.remove(openKey, conversationId);
            else if (!wasOpen) openByAgentAndContact.putIfAbsent(openKey, conversationId);
        });
    }

    // ---- sweeps ----

    public List<String> awaitingReply(Instant quietSince, int limit) {
        return guard.locked(() -> conversations.values().stream()
                .filter(c -> c.status.open() && c.lastInboundAt != null && c.lastInboundAt.isBefore(quietSince))
                .filter(c -> all(c.id).stream().anyMatch(m ->
                        (m.direction == Direction.INBOUND && m.seq > c.answeredThroughSeq)
                                || (m.direction == Direction.OUTBOUND && m.status == DeliveryStatus.PENDING)))
                .sorted(Comparator.comparing((ConversationRow c) -> c.lastInboundAt))
                .limit(limit).map(c -> c.id).toList());
    }

    public List<String> awaitingExtraction(Instant quietSince, int limit) {
        return guard.locked(() -> conversations.values().stream()
                .filter(c -> c.lastSeq > c.extractedThroughSeq && c.lastMessageAt.isBefore(quietSince))
                .sorted(Comparator.comparing((ConversationRow c) -> c.lastMessageAt))
                .limit(limit).map(c -> c.id).toList());
    }

    public void setExtractedThrough(String conversationId, long seq) {
        guard.locked(() -> {
            ConversationRow c = conversations.get(conversationId);
            if (c != null) c.extractedThroughSeq = Math.max(seq, c.extractedThroughSeq);
        });
    }

    public List<String> archiveOpen(String channelAccountId, String oldAgentId, String newAgentId) {
        return guard.locked(() -> {
            List<String> open = conversations.values().stream()
                    .filter(c -> c.channelAccountId.equals(channelAccountId) && c.status.open())
                    .map(c -> c.id).sorted().toList();
            open.forEach(id -> setStatus(id, ConversationStatus.ARCHIVED, "relinked"));
            Map<String, Object> archive = new HashMap<>();
            archive.put("archive_id", ids.next("arch"));
            archive.put("phone_number_id", channelAccountId);
            archive.put("old_agent_id", oldAgentId);
            archive.put("new_agent_id", newAgentId);
            archive.put("conversations", open.size());
            archive.put("archived_at", clock.instant());
            archives.add(archive);
            return open;
        });
    }

    // ---- rows ----

    private List<MessageRow> all(String conversationId) {
        return messagesByConversation.getOrDefault(conversationId, List.of());
    }

    private MessageRow byExternal(String accountId, String externalId) {
        String id = messageIdByExternal.get(key(accountId, externalId));
        return id == null ? null : messagesById.get(id);
    }

    private void add(MessageRow m) {
        messagesByConversation.get(m.conversationId).add(m);
        messagesById.put(m.id, m);
        if (m.externalId != null) messageIdByExternal.put(key(m.channelAccountId, m.externalId), m.id);
    }
}
