package dev.switchboard.adapters.postgres;

import static dev.switchboard.adapters.postgres.Sql.ts;

import dev.switchboard.core.domain.ContactSession;
import dev.switchboard.core.store.ContactEntry;
import dev.switchboard.core.store.ContactQuery;
import dev.switchboard.core.store.ContactStore;
import dev.switchboard.core.support.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** Contact sessions; {@link PostgresConversationStore#acceptInbound} creates them. */
final class PostgresContactStore implements ContactStore {
    private final Db db;
    private final Clock clock;

    PostgresContactStore(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public Optional<ContactSession> find(String contactId) {
        return db.call(h -> h.createQuery("SELECT * FROM contacts WHERE id = :id")
                .bind("id", contactId)
                .map(PostgresContactStore::map)
                .findOne());
    }

    @Override
    public Optional<ContactSession> findByChannelUser(String tenantId, String channel, String channelUserId) {
        return db.call(h -> h.createQuery("SELECT * FROM contacts"
                        + " WHERE tenant_id = :tenant AND channel = :channel AND channel_user_id = :user")
                .bind("tenant", tenantId)
                .bind("channel", channel)
                .bind("user", channelUserId)
                .map(PostgresContactStore::map)
                .findOne());
    }

    /** Oldest first, like core's in-memory store. */
    @Override
    public List<ContactSession> list(String tenantId, int limit, int offset) {
        return db.call(h -> h.createQuery("SELECT * FROM contacts WHERE tenant_id = :tenant"
                        + " ORDER BY created_at, id LIMIT :limit OFFSET :offset")
                .bind("tenant", tenantId)
                .bind("limit", Math.max(limit, 0))
                .bind("offset", Math.max(offset, 0))
                .map(PostgresContactStore::map)
                .list());
    }

    @Override
    public List<ContactEntry> search(String tenantId, ContactQuery query) {
        return new PostgresInbox(db).contacts(tenantId, query);
    }

    @Override
    public ContactSession update(String contactId, String displayName, String email) {
        return db.call(h -> h.createQuery("UPDATE contacts SET display_name = COALESCE(:name, display_name),"
                        + " email = COALESCE(:email, email), updated_at = :now::timestamptz WHERE id = :id RETURNING *")
                .bind("id", contactId)
                .bind("name", displayName)
                .bind("email", email)
                .bind("now", ts(clock.instant()))
                .map(PostgresContactStore::map)
                .findOne())
                .orElseThrow(() -> new NotFoundException("contact", contactId));
    }

    static ContactSession map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new ContactSession(
                rs.getString("id"),
                rs.getString("tenant_id"),
                rs.getString("channel"),
                rs.getString("channel_user_id"),
                rs.getString("display_name"),
                rs.getString("email"),
                rs.getString("phone_e164"),
                Json.stringMap(rs.getString("metadata")),
                Sql.instant(rs, "expires_at"),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "updated_at"));
    }
}
