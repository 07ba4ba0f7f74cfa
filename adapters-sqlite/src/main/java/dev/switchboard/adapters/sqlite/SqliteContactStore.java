package dev.switchboard.adapters.sqlite;


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

/** Contact sessions; {@link SqliteConversationStore#acceptInbound} creates them. */
final class SqliteContactStore implements ContactStore {
    private final Db db;
    private final Clock clock;

    SqliteContactStore(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public Optional<ContactSession> find(String contactId) {
        return db.read(h -> h.createQuery("SELECT * FROM contacts WHERE id = :id")
                .bind("id", contactId)
                .map(SqliteContactStore::map)
                .findOne());
    }

    @Override
    public Optional<ContactSession> findByChannelUser(String tenantId, String channel, String channelUserId) {
        return db.read(h -> h.createQuery("SELECT * FROM contacts"
                        + " WHERE tenant_id = :tenant AND channel = :channel AND channel_user_id = :user")
                .bind("tenant", tenantId)
                .bind("channel", channel)
                .bind("user", channelUserId)
                .map(SqliteContactStore::map)
                .findOne());
    }

    /** Oldest first, like core's in-memory store. */
    @Override
    public List<ContactSession> list(String tenantId, int limit, int offset) {
        return db.read(h -> h.createQuery("SELECT * FROM contacts WHERE tenant_id = :tenant"
                        + " ORDER BY created_at, id LIMIT :limit OFFSET :offset")
                .bind("tenant", tenantId)
                .bind("limit", Math.max(limit, 0))
                .bind("offset", Math.max(offset, 0))
                .map(SqliteContactStore::map)
                .list());
    }

    @Override
    public List<ContactEntry> search(String tenantId, ContactQuery query) {
        return new SqliteInbox(db).contacts(tenantId, query);
    }

    @Override
    public ContactSession update(String contactId, String displayName, String email) {
        return db.write(h -> h.createQuery("UPDATE contacts SET display_name = COALESCE(:name, display_name),"
                        + " email = COALESCE(:email, email), updated_at = :now WHERE id = :id RETURNING *")
                .bind("id", contactId)
                .bind("name", displayName)
                .bind("email", email)
                .bind("now", Sql.micros(clock.instant()))
                .map(SqliteContactStore::map)
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
