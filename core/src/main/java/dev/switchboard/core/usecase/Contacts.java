package dev.switchboard.core.usecase;

import dev.switchboard.core.domain.ContactSession;
import dev.switchboard.core.store.ContactEntry;
import dev.switchboard.core.store.ContactQuery;
import dev.switchboard.core.store.ConversationQuery;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.support.NotFoundException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** A tenant's contacts (the customers who wrote), for an operator. Built by the engine. */
public final class Contacts {
    /** The most conversations a contact's detail lists. */
    static final int MAX_CONVERSATIONS = 200;

    private final Stores stores;
    private final Tenants tenants;
    private final Conversations conversations;

    public Contacts(Stores stores, Tenants tenants, Conversations conversations) {
        this.stores = stores;
        this.tenants = tenants;
        this.conversations = conversations;
    }

    /** @throws NotFoundException when there is no such tenant */
    public List<ContactEntry> list(String tenantId, ContactQuery query) {
        tenants.get(tenantId);
        return stores.contacts().search(tenantId, query);
    }

    /** @throws NotFoundException when the tenant has no such contact */
    public ContactDetail get(String tenantId, String contactId) {
        ContactSession contact = stores.contacts().find(contactId).filter(c -> c.tenantId().equals(tenantId))
                .orElseThrow(() -> new NotFoundException("contact", contactId));
        List<ConversationView> views = conversations.inbox(tenantId, ConversationQuery.ofContact(contactId, MAX_CONVERSATIONS));
        Instant last = views.stream().map(v -> v.conversation().lastMessageAt()).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
        return new ContactDetail(new ContactEntry(contact, last), views);
    }

}
