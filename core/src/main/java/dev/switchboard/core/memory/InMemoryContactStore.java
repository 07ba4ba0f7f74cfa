package dev.switchboard.core.memory;

import dev.switchboard.core.domain.ContactSession;
import dev.switchboard.core.store.ContactEntry;
import dev.switchboard.core.store.ContactQuery;
import dev.switchboard.core.store.ContactStore;
import dev.switchboard.core.store.SearchText;
import dev.switchboard.core.store.NewInbound;
import dev.switchboard.core.support.Ids;
import dev.switchboard.core.support.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** {@link ContactStore} in memory; {@link InMemoryConversationStore} creates contacts through {@link #upsert}. */
final class InMemoryContactStore implements ContactStore {
    private final Guard guard;
    private final Clock clock;
    private final Ids ids;
    private final Map<String, ContactSession> contacts = new LinkedHashMap<>();
    private final Map<String, String> contactByKey = new HashMap<>();
    private Function<String, Instant> lastActivity = id -> null;

    InMemoryContactStore(Guard guard, Clock clock, Ids ids) {
        this.guard = guard;
        this.clock = clock;
        this.ids = ids;
    }

    /**
     * Creates the contact an inbound message comes from, or refreshes its name, phone, expiry and
     * attributes. The caller holds the guard.
     */
    ContactSession upsert(NewInbound in, Instant now) {
        String k = Guard.key(in.tenantId(), in.channel(), in.channelUserId());
        Instant expires = in.contactTtl() == null ? null : now.plus(in.contactTtl());
        String id = contactByKey.get(k);
        ContactSession c;
        if (id == null) {
            c = new ContactSession(ids.next("contact"), in.tenantId(), in.channel(), in.channelUserId(), in.displayName(),
                    null, in.phoneE164(), in.contactAttributes(), expires, now, now);
            contactByKey.put(k, c.id());
        } else {
            ContactSession old = contacts.get(id);
            Map<String, String> attributes = new HashMap<>(old.metadata());
            attributes.putAll(in.contactAttributes());
            c = new ContactSession(old.id(), old.tenantId(), old.channel(), old.channelUserId(),
                    in.displayName() != null ? in.displayName() : old.displayName(), old.email(),
                    in.phoneE164() != null ? in.phoneE164() : old.phoneE164(), attributes,
                    expires != null ? expires : old.expiresAt(), old.createdAt(), now);
        }
        contacts.put(c.id(), c);
        return c;
    }

    public Optional<ContactSession> find(String contactId) {
        return guard.locked(() -> Optional.ofNullable(contacts.get(contactId)));
    }

    public Optional<ContactSession> findByChannelUser(String tenantId, String channel, String channelUserId) {
        return guard.locked(() -> Optional.ofNullable(contactByKey.get(Guard.key(tenantId, channel, channelUserId))).map(contacts::get));
    }

    public List<ContactSession> list(String tenantId, int limit, int offset) {
        return guard.locked(() -> contacts.values().stream().filter(c -> c.tenantId().equals(tenantId))
                .skip(offset).limit(limit).toList());
    }

    public List<ContactEntry> search(String tenantId, ContactQuery q) {
        return guard.locked(() -> contacts.values().stream()
                .filter(c -> c.tenantId().equals(tenantId))
                .filter(c -> q.channel() == null || q.channel().equals(c.channel()))
                .filter(c -> SearchText.matches(q.q(), c.displayName(), c.phoneE164()))
                .map(c -> new ContactEntry(c, lastActivity.apply(c.id())))
                .sorted(InMemoryInbox.CONTACT_ORDER).skip(q.offset()).limit(q.limit()).toList());
    }

    /** The contact with this id, or null; the caller holds the guard. */
    ContactSession row(String contactId) {
        return contacts.get(contactId);
    }

    /** Where {@link #search} reads a contact's newest activity (the conversation store). */
    void lastActivity(Function<String, Instant> lastActivity) {
        this.lastActivity = lastActivity;
    }

    public ContactSession update(String contactId, String displayName, String email) {
        return guard.locked(() -> {
            ContactSession c = contacts.get(contactId);
            if (c == null) throw new NotFoundException("contact", contactId);
            ContactSession updated = new ContactSession(c.id(), c.tenantId(), c.channel(), c.channelUserId(),
                    displayName != null ? displayName : c.displayName(), email != null ? email : c.email(),
                    c.phoneE164(), c.metadata(), c.expiresAt(), c.createdAt(), clock.instant());
            contacts.put(contactId, updated);
            return updated;
        });
    }
}
