package dev.switchboard.core.memory;

import dev.switchboard.core.domain.Agent;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.ContactSession;
import dev.switchboard.core.domain.Conversation;
import dev.switchboard.core.domain.ConversationStatus;
import dev.switchboard.core.domain.CreditEntry;
import dev.switchboard.core.domain.DeliveryStatus;
import dev.switchboard.core.domain.Direction;
import dev.switchboard.core.domain.Extraction;
import dev.switchboard.core.domain.MediaRef;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.domain.Sender;
import dev.switchboard.core.domain.Tenant;
import dev.switchboard.core.domain.Usage;
import dev.switchboard.core.domain.WebhookLogEntry;
import dev.switchboard.core.store.Accepted;
import dev.switchboard.core.store.AgentStore;
import dev.switchboard.core.store.ChannelAccountStore;
import dev.switchboard.core.store.ContactStore;
import dev.switchboard.core.store.ConversationQuery;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.store.CreditStore;
import dev.switchboard.core.store.ExtractionStore;
import dev.switchboard.core.store.MessageQuery;
import dev.switchboard.core.store.NewInbound;
import dev.switchboard.core.store.NewOutbound;
import dev.switchboard.core.store.SendOutcome;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.store.TenantStore;
import dev.switchboard.core.store.WebhookLogStore;
import dev.switchboard.core.support.ConflictException;
import dev.switchboard.core.support.HealthCheck;
import dev.switchboard.core.support.Ids;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Every store port in memory, for the embedded default and for tests. One lock guards all maps:
 * simple, obviously atomic, and fast enough for one process. Nothing survives a restart.
 */
public final class InMemoryStores {
    private static final int WEBHOOK_LOG_CAPACITY = 1000;

    private final ReentrantLock lock = new ReentrantLock();
    private final Clock clock;
    private final Ids ids;

    private final Map<String, Tenant> tenants = new LinkedHashMap<>();
    private final Map<String, ChannelAccount> accounts = new LinkedHashMap<>();
    private final Map<String, Agent> agents = new LinkedHashMap<>();
    private final Map<String, ContactSession> contacts = new LinkedHashMap<>();
    private final Map<String, String> contactByKey = new HashMap<>();
    private final Map<String, Conversation> conversations = new LinkedHashMap<>();
    private final Map<String, String> openConversationByKey = new HashMap<>();
    private final Map<String, List<Message>> messagesByConversation = new HashMap<>();
    private final Map<String, Message> messagesById = new HashMap<>();
    private final Map<String, String> messageIdByExternal = new HashMap<>();
    private final Map<String, Long> balances = new HashMap<>();
    private final List<CreditEntry> ledger = new ArrayList<>();
    private final List<Extraction> extractions = new ArrayList<>();
    private final Deque<WebhookLogEntry> webhookLog = new ArrayDeque<>();
    private final List<Map<String, Object>> archives = new ArrayList<>();

    public InMemoryStores(Clock clock, Ids ids) {
        this.clock = Objects.requireNonNull(clock);
        this.ids = Objects.requireNonNull(ids);
    }

    public static InMemoryStores create() {
        return new InMemoryStores(Clock.systemUTC(), Ids.timeOrdered());
    }

    public Stores stores() {
        return new Stores(new Tenants(), new Accounts(), new Agents(), new Contacts(), new Conversations(),
                new Credits(), new Extractions(), new WebhookLog(), HealthCheck.ALWAYS);
    }

    /** Archives recorded by {@link ConversationStore#archiveOpen}, for inspection. */
    public List<Map<String, Object>> archives() {
        return locked(() -> List.copyOf(archives));
    }

    private <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private void locked(Runnable action) {
        locked(() -> {
            action.run();
            return null;
        });
    }

    private static String key(String... parts) {
        return String.join("\u0000", parts);
    }

    private final class Tenants implements TenantStore {
        public Tenant create(Tenant tenant) {
            return locked(() -> {
                if (tenants.containsKey(tenant.id())) throw new ConflictException("user exists: " + tenant.id());
                boolean emailTaken = tenants.values().stream().anyMatch(t -> t.email().equalsIgnoreCase(tenant.email()));
                if (emailTaken) throw new ConflictException("a user with this email exists");
                tenants.put(tenant.id(), tenant);
                balances.putIfAbsent(tenant.id(), 0L);
                return tenant;
            });
        }

        public Optional<Tenant> find(String tenantId) {
            return locked(() -> Optional.ofNullable(tenants.get(tenantId)));
        }
    }

    private final class Accounts implements ChannelAccountStore {
        public ChannelAccount create(ChannelAccount account) {
            return locked(() -> {
                if (accounts.containsKey(account.id())) throw new ConflictException("phone number already registered: " + account.id());
                accounts.put(account.id(), account);
                return account;
            });
        }

        public Optional<ChannelAccount> find(String accountId) {
            return locked(() -> Optional.ofNullable(accounts.get(accountId)));
        }

        public List<ChannelAccount> list(String tenantId) {
            return locked(() -> accounts.values().stream().filter(a -> a.tenantId().equals(tenantId)).toList());
        }

        public void updateSettings(String accountId, Map<String, String> settings) {
            locked(() -> {
                ChannelAccount a = accounts.get(accountId);
                if (a == null) return;
                accounts.put(accountId, new ChannelAccount(a.id(), a.tenantId(), a.channel(), a.provider(), a.externalNumber(),
                        a.accessToken(), a.displayName(), settings, a.createdAt()));
            });
        }

        public boolean delete(String accountId) {
            return locked(() -> accounts.remove(accountId) != null);
        }
    }

    private final class Agents implements AgentStore {
        public Agent create(Agent agent) {
            return locked(() -> {
                if (agents.containsKey(agent.id())) throw new ConflictException("agent exists: " + agent.id());
                checkAccountFree(agent);
                agents.put(agent.id(), agent);
                return agent;
            });
        }

        private void checkAccountFree(Agent agent) {
            if (agent.channelAccountId() == null) return;
            boolean taken = agents.values().stream()
                    .anyMatch(a -> agent.channelAccountId().equals(a.channelAccountId()) && !a.id().equals(agent.id()));
            if (taken) throw new ConflictException("phone number " + agent.channelAccountId() + " already has an agent");
        }

        public Optional<Agent> find(String agentId) {
            return locked(() -> Optional.ofNullable(agents.get(agentId)));
        }

        public Optional<Agent> findByChannelAccount(String channelAccountId) {
            return locked(() -> agents.values().stream().filter(a -> channelAccountId.equals(a.channelAccountId())).findFirst());
        }

        public List<Agent> list(String tenantId) {
            return locked(() -> agents.values().stream().filter(a -> a.tenantId().equals(tenantId)).toList());
        }

        public Agent update(Agent agent) {
            return locked(() -> {
                if (!agents.containsKey(agent.id())) throw new dev.switchboard.core.support.NotFoundException("agent", agent.id());
                checkAccountFree(agent);
                agents.put(agent.id(), agent);
                return agent;
            });
        }

        public boolean delete(String agentId) {
            return locked(() -> agents.remove(agentId) != null);
        }
    }

    private final class Contacts implements ContactStore {
        public Optional<ContactSession> find(String contactId) {
            return locked(() -> Optional.ofNullable(contacts.get(contactId)));
        }

        public Optional<ContactSession> findByChannelUser(String tenantId, String channel, String channelUserId) {
            return locked(() -> Optional.ofNullable(contactByKey.get(key(tenantId, channel, channelUserId))).map(contacts::get));
        }

        public List<ContactSession> list(String tenantId, int limit, int offset) {
            return locked(() -> contacts.values().stream().filter(c -> c.tenantId().equals(tenantId))
                    .skip(offset).limit(limit).toList());
        }

        public ContactSession update(String contactId, String displayName, String email) {
            return locked(() -> {
                ContactSession c = contacts.get(contactId);
                if (c == null) throw new dev.switchboard.core.support.NotFoundException("contact", contactId);
                ContactSession updated = new ContactSession(c.id(), c.tenantId(), c.channel(), c.channelUserId(),
                        displayName != null ? displayName : c.displayName(), email != null ? email : c.email(),
                        c.phoneE164(), c.metadata(), c.expiresAt(), c.createdAt(), clock.instant());
                contacts.put(contactId, updated);
                return updated;
            });
        }
    }

    private final class Conversations implements ConversationStore {

        public Accepted acceptInbound(NewInbound in) {
            return locked(() -> {
                String extKey = key(in.channelAccountId(), in.externalId());
                String existing = messageIdByExternal.get(extKey);
                if (existing != null) {
                    Message m = messagesById.get(existing);
                    return new Accepted(true, m, conversations.get(m.conversationId()), false);
                }
                Instant now = clock.instant();
                ContactSession contact = upsertContact(in, now);
                String openKey = key(in.agentId(), contact.id());
                String convId = openConversationByKey.get(openKey);
                boolean opened = convId == null;
                if (opened) {
                    convId = ids.next("conv");
                    conversations.put(convId, new Conversation(convId, in.tenantId(), in.agentId(), in.channelAccountId(),
                            contact.id(), in.channel(), ConversationStatus.ACTIVE, null, null, 0, 0, 0, null, now, now));
                    openConversationByKey.put(openKey, convId);
                    messagesByConversation.put(convId, new ArrayList<>());
                }
                Conversation c = conversations.get(convId);
                long seq = c.lastSeq() + 1;
                Message m = new Message(ids.next("msg"), in.tenantId(), convId, in.channelAccountId(), seq, Direction.INBOUND,
                        Sender.USER, in.type(), in.text(), in.media(), in.externalId(), in.replyToExternalId(),
                        DeliveryStatus.RECEIVED, 0, null, null, in.raw(), null, in.receivedAt() == null ? now : in.receivedAt(), now);
                addMessage(m);
                Conversation updated = withSeq(c, seq, now, now);
                conversations.put(convId, updated);
                return new Accepted(false, m, updated, opened);
            });
        }

        private ContactSession upsertContact(NewInbound in, Instant now) {
            String k = key(in.tenantId(), in.channel(), in.channelUserId());
            Instant expires = in.contactTtl() == null ? null : now.plus(in.contactTtl());
            String id = contactByKey.get(k);
            ContactSession c;
            if (id == null) {
                c = new ContactSession(ids.next("contact"), in.tenantId(), in.channel(), in.channelUserId(), in.displayName(),
                        null, in.phoneE164(), Map.of(), expires, now, now);
                contactByKey.put(k, c.id());
            } else {
                ContactSession old = contacts.get(id);
                c = new ContactSession(old.id(), old.tenantId(), old.channel(), old.channelUserId(),
                        in.displayName() != null ? in.displayName() : old.displayName(), old.email(),
                        in.phoneE164() != null ? in.phoneE164() : old.phoneE164(), old.metadata(),
                        expires != null ? expires : old.expiresAt(), old.createdAt(), now);
            }
            contacts.put(c.id(), c);
            return c;
        }

        private void addMessage(Message m) {
            messagesByConversation.get(m.conversationId()).add(m);
            messagesById.put(m.id(), m);
            if (m.externalId() != null) messageIdByExternal.put(key(m.channelAccountId(), m.externalId()), m.id());
        }

        private Conversation withSeq(Conversation c, long seq, Instant lastInbound, Instant now) {
            return new Conversation(c.id(), c.tenantId(), c.agentId(), c.channelAccountId(), c.contactId(), c.channel(),
                    c.status(), c.statusReason(), c.modelConversationId(), seq, c.answeredThroughSeq(), c.extractedThroughSeq(),
                    lastInbound != null ? lastInbound : c.lastInboundAt(), now, c.createdAt());
        }

        public Optional<Conversation> find(String conversationId) {
            return locked(() -> Optional.ofNullable(conversations.get(conversationId)));
        }

        public Optional<Conversation> findOpen(String agentId, String contactId) {
            return locked(() -> Optional.ofNullable(openConversationByKey.get(key(agentId, contactId))).map(conversations::get));
        }

        public List<Conversation> list(String tenantId, ConversationQuery q) {
            return locked(() -> conversations.values().stream()
                    .filter(c -> c.tenantId().equals(tenantId))
                    .filter(c -> q.status() == null || c.status() == q.status())
                    .filter(c -> q.channel() == null || q.channel().equals(c.channel()))
                    .filter(c -> q.agentId() == null || q.agentId().equals(c.agentId()))
                    .sorted(Comparator.comparing(Conversation::lastMessageAt).reversed().thenComparing(Conversation::id))
                    .skip(q.offset()).limit(q.limit()).toList());
        }

        private List<Message> all(String conversationId) {
            return messagesByConversation.getOrDefault(conversationId, List.of());
        }

        public List<Message> unanswered(String conversationId) {
            return locked(() -> {
                Conversation c = conversations.get(conversationId);
                if (c == null) return List.of();
                return all(conversationId).stream()
                        .filter(m -> m.direction() == Direction.INBOUND && m.seq() > c.answeredThroughSeq()).toList();
            });
        }

        public List<Message> history(String conversationId, int limit) {
            return locked(() -> {
                List<Message> ms = all(conversationId);
                return List.copyOf(ms.subList(Math.max(0, ms.size() - limit), ms.size()));
            });
        }

        public List<Message> pendingOutbound(String conversationId) {
            return locked(() -> all(conversationId).stream()
                    .filter(m -> m.direction() == Direction.OUTBOUND && m.status() == DeliveryStatus.PENDING).toList());
        }

        public Message appendOutbound(String conversationId, NewOutbound out) {
            return locked(() -> append(conversationId, out));
        }

        private Message append(String conversationId, NewOutbound out) {
            Conversation c = conversations.get(conversationId);
            if (c == null) throw new dev.switchboard.core.support.NotFoundException("conversation", conversationId);
            if (out.externalId() != null) {
                String existing = messageIdByExternal.get(key(c.channelAccountId(), out.externalId()));
                if (existing != null) return messagesById.get(existing);
            }
            Instant now = clock.instant();
            long seq = c.lastSeq() + 1;
            Message m = new Message(ids.next("msg"), c.tenantId(), conversationId, c.channelAccountId(), seq, Direction.OUTBOUND,
                    out.sender(), out.type(), out.text(), out.media(), out.externalId(), out.replyToExternalId(), out.status(),
                    0, null, null, out.raw(), out.usage(), now, now);
            addMessage(m);
            conversations.put(conversationId, withSeq(c, seq, null, now));
            return m;
        }

        public Optional<Message> recordReply(String conversationId, long expected, long newWatermark, NewOutbound reply) {
            return locked(() -> {
                if (!moveWatermark(conversationId, expected, newWatermark)) return Optional.empty();
                return Optional.of(append(conversationId, reply));
            });
        }

        public boolean advanceWatermark(String conversationId, long expected, long newWatermark) {
            return locked(() -> moveWatermark(conversationId, expected, newWatermark));
        }

        private boolean moveWatermark(String conversationId, long expected, long newWatermark) {
            Conversation c = conversations.get(conversationId);
            if (c == null || c.answeredThroughSeq() != expected) return false;
            conversations.put(conversationId, new Conversation(c.id(), c.tenantId(), c.agentId(), c.channelAccountId(),
                    c.contactId(), c.channel(), c.status(), c.statusReason(), c.modelConversationId(), c.lastSeq(),
                    newWatermark, c.extractedThroughSeq(), c.lastInboundAt(), c.lastMessageAt(), c.createdAt()));
            return true;
        }

        public void recordSend(String messageId, SendOutcome o) {
            locked(() -> {
                Message m = messagesById.get(messageId);
                if (m == null) return;
                replace(new Message(m.id(), m.tenantId(), m.conversationId(), m.channelAccountId(), m.seq(), m.direction(),
                        m.sender(), m.type(), m.text(), m.media(), o.externalId() != null ? o.externalId() : m.externalId(),
                        m.replyToExternalId(), o.status(), o.attempts(), o.errorCode(), o.lastError(), m.raw(), m.usage(),
                        m.createdAt(), clock.instant()));
            });
        }

        private void replace(Message m) {
            messagesById.put(m.id(), m);
            List<Message> list = messagesByConversation.get(m.conversationId());
            for (int i = list.size() - 1; i >= 0; i--) {
                if (list.get(i).id().equals(m.id())) {
                    list.set(i, m);
                    break;
                }
            }
            if (m.externalId() != null) messageIdByExternal.put(key(m.channelAccountId(), m.externalId()), m.id());
        }

        public Optional<Message> applyStatus(String accountId, String externalId, DeliveryStatus status,
                                             String errorCode, String error, Instant at) {
            return locked(() -> {
                String id = messageIdByExternal.get(key(accountId, externalId));
                Message m = id == null ? null : messagesById.get(id);
                if (m == null || m.direction() != Direction.OUTBOUND || !m.status().canMoveTo(status)) return Optional.empty();
                Message updated = new Message(m.id(), m.tenantId(), m.conversationId(), m.channelAccountId(), m.seq(),
                        m.direction(), m.sender(), m.type(), m.text(), m.media(), m.externalId(), m.replyToExternalId(), status,
                        m.attempts(), errorCode != null ? errorCode : m.errorCode(), error != null ? error : m.lastError(),
                        m.raw(), m.usage(), m.createdAt(), clock.instant());
                replace(updated);
                return Optional.of(updated);
            });
        }

        public Optional<Message> findByExternalId(String accountId, String externalId) {
            return locked(() -> Optional.ofNullable(messageIdByExternal.get(key(accountId, externalId))).map(messagesById::get));
        }

        public Optional<Message> findMessage(String messageId) {
            return locked(() -> Optional.ofNullable(messagesById.get(messageId)));
        }

        public List<Message> messages(String tenantId, MessageQuery q) {
            return locked(() -> {
                Stream<Conversation> convs = conversations.values().stream()
                        .filter(c -> c.tenantId().equals(tenantId))
                        .filter(c -> q.conversationId() == null || q.conversationId().equals(c.id()))
                        .filter(c -> q.channelAccountId() == null || q.channelAccountId().equals(c.channelAccountId()))
                        .filter(c -> q.contactId() == null || q.contactId().equals(c.contactId()))
                        .sorted(Comparator.comparing(Conversation::createdAt).reversed().thenComparing(Conversation::id));
                return convs.flatMap(c -> all(c.id()).stream()).skip(q.offset()).limit(q.limit()).toList();
            });
        }

        public void setStatus(String conversationId, ConversationStatus status, String reason) {
            locked(() -> {
                Conversation c = conversations.get(conversationId);
                if (c == null) return;
                Conversation updated = new Conversation(c.id(), c.tenantId(), c.agentId(), c.channelAccountId(), c.contactId(),
                        c.channel(), status, reason, c.modelConversationId(), c.lastSeq(), c.answeredThroughSeq(),
                        c.extractedThroughSeq(), c.lastInboundAt(), c.lastMessageAt(), c.createdAt());
                conversations.put(conversationId, updated);
                String openKey = key(c.agentId(), c.contactId());
                if (!status.open()) openConversationByKey.remove(openKey, conversationId);
                else if (!c.status().open()) openConversationByKey.putIfAbsent(openKey, conversationId);
            });
        }

        public void setModelConversationId(String conversationId, String modelConversationId) {
            locked(() -> {
                Conversation c = conversations.get(conversationId);
                if (c == null) return;
                conversations.put(conversationId, new Conversation(c.id(), c.tenantId(), c.agentId(), c.channelAccountId(),
                        c.contactId(), c.channel(), c.status(), c.statusReason(), modelConversationId, c.lastSeq(),
                        c.answeredThroughSeq(), c.extractedThroughSeq(), c.lastInboundAt(), c.lastMessageAt(), c.createdAt()));
            });
        }

        public void setExtractedThrough(String conversationId, long seq) {
            locked(() -> {
                Conversation c = conversations.get(conversationId);
                if (c == null) return;
                conversations.put(conversationId, new Conversation(c.id(), c.tenantId(), c.agentId(), c.channelAccountId(),
                        c.contactId(), c.channel(), c.status(), c.statusReason(), c.modelConversationId(), c.lastSeq(),
                        c.answeredThroughSeq(), Math.max(seq, c.extractedThroughSeq()), c.lastInboundAt(), c.lastMessageAt(), c.createdAt()));
            });
        }

        public List<String> awaitingReply(Instant quietSince, int limit) {
            return locked(() -> conversations.values().stream()
                    .filter(c -> c.status().open() && c.lastInboundAt() != null && c.lastInboundAt().isBefore(quietSince))
                    .filter(c -> all(c.id()).stream().anyMatch(m ->
                            (m.direction() == Direction.INBOUND && m.seq() > c.answeredThroughSeq())
                                    || (m.direction() == Direction.OUTBOUND && m.status() == DeliveryStatus.PENDING)))
                    .sorted(Comparator.comparing(Conversation::lastInboundAt))
                    .limit(limit).map(Conversation::id).toList());
        }

        public List<String> awaitingExtraction(Instant quietSince, int limit) {
            return locked(() -> conversations.values().stream()
                    .filter(c -> c.lastSeq() > c.extractedThroughSeq() && c.lastMessageAt().isBefore(quietSince))
                    .sorted(Comparator.comparing(Conversation::lastMessageAt))
                    .limit(limit).map(Conversation::id).toList());
        }

        public void setMediaStoredPath(String messageId, String storedPath) {
            locked(() -> {
                Message m = messagesById.get(messageId);
                if (m == null || m.media() == null) return;
                MediaRef r = m.media();
                replace(new Message(m.id(), m.tenantId(), m.conversationId(), m.channelAccountId(), m.seq(), m.direction(),
                        m.sender(), m.type(), m.text(), new MediaRef(r.id(), r.url(), r.mimeType(), r.filename(), r.sha256(), storedPath),
                        m.externalId(), m.replyToExternalId(), m.status(), m.attempts(), m.errorCode(), m.lastError(), m.raw(),
                        m.usage(), m.createdAt(), clock.instant()));
            });
        }

        public int archiveOpen(String channelAccountId, String oldAgentId, String newAgentId) {
            return locked(() -> {
                List<String> open = conversations.values().stream()
                        .filter(c -> c.channelAccountId().equals(channelAccountId) && c.status().open())
                        .map(Conversation::id).toList();
                open.forEach(id -> setStatus(id, ConversationStatus.ARCHIVED, "relinked"));
                Map<String, Object> archive = new HashMap<>();
                archive.put("archive_id", ids.next("arch"));
                archive.put("phone_number_id", channelAccountId);
                archive.put("old_agent_id", oldAgentId);
                archive.put("new_agent_id", newAgentId);
                archive.put("conversations", open.size());
                archive.put("archived_at", clock.instant());
                archives.add(archive);
                return open.size();
            });
        }
    }

    private final class Credits implements CreditStore {
        public long balance(String tenantId) {
            return locked(() -> balances.getOrDefault(tenantId, 0L));
        }

        public long add(String tenantId, long amount, String kind, String reference) {
            return locked(() -> {
                long next = balances.getOrDefault(tenantId, 0L) + amount;
                balances.put(tenantId, next);
                ledger.add(new CreditEntry(ids.next("cred"), tenantId, amount, next, kind, reference, null, clock.instant()));
                return next;
            });
        }

        public boolean tryDeduct(String tenantId, long amount, String reference, Usage usage) {
            return locked(() -> {
                long current = balances.getOrDefault(tenantId, 0L);
                if (current < amount) return false;
                balances.put(tenantId, current - amount);
                ledger.add(new CreditEntry(ids.next("cred"), tenantId, -amount, current - amount, "deduction", reference, usage,
                        clock.instant()));
                return true;
            });
        }

        public List<CreditEntry> ledger(String tenantId, int limit) {
            return locked(() -> {
                List<CreditEntry> mine = new ArrayList<>(ledger.stream().filter(e -> e.tenantId().equals(tenantId)).toList());
                java.util.Collections.reverse(mine);
                return List.copyOf(mine.subList(0, Math.min(limit, mine.size())));
            });
        }
    }

    private final class Extractions implements ExtractionStore {
        public Extraction add(Extraction extraction) {
            return locked(() -> {
                extractions.add(extraction);
                return extraction;
            });
        }

        public Optional<Extraction> latest(String conversationId) {
            return locked(() -> {
                for (int i = extractions.size() - 1; i >= 0; i--) {
                    if (extractions.get(i).conversationId().equals(conversationId)) return Optional.of(extractions.get(i));
                }
                return Optional.empty();
            });
        }

        public List<Extraction> list(String tenantId, String conversationId, int limit, int offset) {
            return locked(() -> {
                List<Extraction> mine = new ArrayList<>(extractions.stream()
                        .filter(e -> e.tenantId().equals(tenantId))
                        .filter(e -> conversationId == null || conversationId.equals(e.conversationId())).toList());
                java.util.Collections.reverse(mine);
                return mine.stream().skip(offset).limit(limit).toList();
            });
        }
    }

    private final class WebhookLog implements WebhookLogStore {
        public void record(WebhookLogEntry entry) {
            locked(() -> {
                webhookLog.addFirst(entry);
                while (webhookLog.size() > WEBHOOK_LOG_CAPACITY) webhookLog.removeLast();
            });
        }

        public List<WebhookLogEntry> recent(String tenantId, int limit) {
            return locked(() -> webhookLog.stream()
                    .filter(e -> tenantId == null || tenantId.equals(e.tenantId())).limit(limit).toList());
        }

        public int deleteOlderThan(Instant before, int limit) {
            return locked(() -> {
                int deleted = 0;
                // newest first: the old ones sit at the end
                var it = webhookLog.descendingIterator();
                while (deleted < limit && it.hasNext()) {
                    if (!it.next().processedAt().isBefore(before)) continue;
                    it.remove();
                    deleted++;
                }
                return deleted;
            });
        }
    }
}
