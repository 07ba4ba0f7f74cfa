package dev.switchboard.adapters.sqlite;

import dev.switchboard.core.domain.Conversation;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.store.ContactEntry;
import dev.switchboard.core.store.ContactQuery;
import dev.switchboard.core.store.ConversationQuery;
import dev.switchboard.core.store.InboxEntry;
import dev.switchboard.core.store.SearchText;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The inbox and contact list queries. A page of conversations is read in one transaction of three
 * statements (the conversations, their contacts, their newest messages by {@code (conversation_id,
 * seq = last_seq)}), never one per row. SQLite's {@code lower} folds ASCII only, so a name search
 * is case-insensitive for ASCII letters.
 */
final class SqliteInbox {
    /** {@code q} on the contact aliased {@code ct}: name contains it, or phone contains its digits. */
    private static final String MATCHES_Q = " AND (:name IS NULL OR instr(lower(coalesce(ct.display_name, '')), :name) > 0"
            + " OR (:digits IS NOT NULL AND instr(coalesce(ct.phone_e164, ''), :digits) > 0))";

    private final Db db;

    SqliteInbox(Db db) {
        this.db = db;
    }

    List<InboxEntry> inbox(String tenantId, ConversationQuery query) {
        ConversationQuery q = query == null ? ConversationQuery.all() : query;
        String order = q.sort() == ConversationQuery.Sort.CREATED_AT ? "c.created_at DESC, c.id" : "c.last_message_at DESC, c.id";
        return db.read(h -> h.inTransaction(tx -> {
            List<Conversation> page = tx.createQuery("SELECT c.* FROM conversations c"
                            + " JOIN contacts ct ON ct.id = c.contact_id"
                            + " WHERE c.tenant_id = :tenant"
                            + " AND (:status IS NULL OR c.status = :status)"
                            + " AND (:channel IS NULL OR c.channel = :channel)"
                            + " AND (:agent IS NULL OR c.agent_id = :agent)"
                            + " AND (:contact IS NULL OR c.contact_id = :contact)"
                            + MATCHES_Q
                            + " ORDER BY " + order + " LIMIT :limit OFFSET :offset")
                    .bind("tenant", tenantId)
                    .bind("status", q.status() == null ? null : q.status().wire())
                    .bind("channel", q.channel())
                    .bind("agent", q.agentId())
                    .bind("contact", q.contactId())
                    .bind("name", SearchText.name(q.q()))
                    .bind("digits", SearchText.digits(q.q()))
                    .bind("limit", q.limit())
                    .bind("offset", q.offset())
                    .map(ConversationRows::conversation)
                    .list();
            if (page.isEmpty()) return List.of();
            List<String> ids = page.stream().map(Conversation::id).toList();
            List<String> contactIds = page.stream().map(Conversation::contactId).distinct().toList();
            Map<String, ContactEntry> contacts = tx.createQuery("SELECT ct.*, (SELECT max(c.last_message_at) FROM conversations c"
                            + " WHERE c.contact_id = ct.id) AS last_at FROM contacts ct WHERE ct.id IN (<ids>)")
                    .bindList("ids", contactIds)
                    .map((rs, ctx) -> new ContactEntry(SqliteContactStore.map(rs, ctx), Sql.instant(rs, "last_at")))
                    .stream().collect(Collectors.toMap(e -> e.contact().id(), Function.identity()));
            Map<String, Message> last = tx.createQuery("SELECT m.* FROM messages m"
                            + " JOIN conversations c ON c.id = m.conversation_id AND m.seq = c.last_seq WHERE c.id IN (<ids>)")
                    .bindList("ids", ids)
                    .map(ConversationRows::message)
                    .stream().collect(Collectors.toMap(Message::conversationId, Function.identity()));
            return page.stream().map(c -> {
                ContactEntry contact = contacts.get(c.contactId());
                return new InboxEntry(c, contact.contact(), last.get(c.id()), contact.lastMessageAt());
            }).toList();
        }));
    }

    List<ContactEntry> contacts(String tenantId, ContactQuery q) {
        return db.read(h -> h.createQuery("SELECT ct.*, (SELECT max(c.last_message_at) FROM conversations c"
                        + " WHERE c.contact_id = ct.id) AS last_at FROM contacts ct"
                        + " WHERE ct.tenant_id = :tenant AND (:channel IS NULL OR ct.channel = :channel)"
                        + MATCHES_Q
                        + " ORDER BY last_at IS NULL, last_at DESC, ct.id LIMIT :limit OFFSET :offset")
                .bind("tenant", tenantId)
                .bind("channel", q.channel())
                .bind("name", SearchText.name(q.q()))
                .bind("digits", SearchText.digits(q.q()))
                .bind("limit", q.limit())
                .bind("offset", q.offset())
                .map((rs, ctx) -> new ContactEntry(SqliteContactStore.map(rs, ctx), Sql.instant(rs, "last_at")))
                .list());
    }
}
