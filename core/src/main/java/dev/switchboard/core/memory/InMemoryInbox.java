package dev.switchboard.core.memory;

import dev.switchboard.core.domain.ContactSession;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.memory.Rows.ConversationRow;
import dev.switchboard.core.store.ContactEntry;
import dev.switchboard.core.store.ConversationQuery;
import dev.switchboard.core.store.InboxEntry;
import dev.switchboard.core.store.SearchText;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/** The inbox and contact list queries over the in-memory rows; callers hold the guard. */
final class InMemoryInbox {
    private InMemoryInbox() {}

    static List<InboxEntry> list(Collection<ConversationRow> rows, Function<String, ContactSession> contacts,
                                 Function<ConversationRow, Message> lastMessage, String tenantId, ConversationQuery q) {
        Comparator<InboxEntry> order = q.sort() == ConversationQuery.Sort.CREATED_AT
                ? Comparator.comparing((InboxEntry e) -> e.conversation().createdAt()).reversed()
                : Comparator.comparing((InboxEntry e) -> e.conversation().lastMessageAt()).reversed();
        return rows.stream()
                .filter(c -> c.tenantId.equals(tenantId))
                .filter(c -> q.status() == null || c.status == q.status())
                .filter(c -> q.channel() == null || q.channel().equals(c.channel))
                .filter(c -> q.agentId() == null || q.agentId().equals(c.agentId))
                .filter(c -> q.contactId() == null || q.contactId().equals(c.contactId))
                .map(c -> new InboxEntry(c.snapshot(), contacts.apply(c.contactId), lastMessage.apply(c), lastActivity(rows, c.contactId)))
                .filter(e -> SearchText.matches(q.q(), e.contact().displayName(), e.contact().phoneE164()))
                .sorted(order.thenComparing(e -> e.conversation().id()))
                .skip(q.offset()).limit(q.limit()).toList();
    }

    static Instant lastActivity(Collection<ConversationRow> rows, String contactId) {
        return rows.stream().filter(c -> c.contactId.equals(contactId)).map(c -> c.lastMessageAt)
                .max(Comparator.naturalOrder()).orElse(null);
    }

    /** Newest last message first, contacts without one last, ties on the contact id. */
    static final Comparator<ContactEntry> CONTACT_ORDER = Comparator
            .comparing(ContactEntry::lastMessageAt, Comparator.nullsLast(Comparator.<Instant>reverseOrder()))
            .thenComparing(e -> e.contact().id());
}
