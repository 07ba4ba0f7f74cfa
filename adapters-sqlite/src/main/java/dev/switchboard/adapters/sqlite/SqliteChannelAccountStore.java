package dev.switchboard.adapters.sqlite;


import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.Secret;
import dev.switchboard.core.store.ChannelAccountStore;
import dev.switchboard.core.support.InvalidInputException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** Channel accounts. The access token is stored as given; settings are a JSON object of strings. */
final class SqliteChannelAccountStore implements ChannelAccountStore {
    private final Db db;
    private final Clock clock;

    SqliteChannelAccountStore(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public ChannelAccount create(ChannelAccount a) {
        if (a == null || a.id() == null || a.id().isBlank()) throw new InvalidInputException("phone_number_id", "is required");
        if (a.tenantId() == null || a.channel() == null) throw new InvalidInputException("channel", "tenant and channel are required");
        return db.write(h -> h.createQuery("""
                        INSERT INTO channel_accounts
                            (id, tenant_id, channel, provider, external_number, access_token, display_name, settings, created_at)
                        VALUES (:id, :tenant, :channel, :provider, :number, :token, :displayName, :settings,
                                :createdAt)
                        RETURNING *""")
                        .bind("id", a.id())
                        .bind("tenant", a.tenantId())
                        .bind("channel", a.channel())
                        .bind("provider", a.provider())
                        .bind("number", a.externalNumber())
                        .bind("token", a.accessToken() == null ? null : a.accessToken().value())
                        .bind("displayName", a.displayName())
                        .bind("settings", Json.stringMap(a.settings()))
                        .bind("createdAt", Sql.micros(a.createdAt() == null ? clock.instant() : a.createdAt()))
                        .map(SqliteChannelAccountStore::map)
                        .one(),
                constraint -> "phone number already registered: " + a.id());
    }

    @Override
    public Optional<ChannelAccount> find(String accountId) {
        return db.read(h -> h.createQuery("SELECT * FROM channel_accounts WHERE id = :id")
                .bind("id", accountId)
                .map(SqliteChannelAccountStore::map)
                .findOne());
    }

    @Override
    public List<ChannelAccount> list(String tenantId) {
        return db.read(h -> h.createQuery("SELECT * FROM channel_accounts WHERE tenant_id = :tenant ORDER BY created_at, id")
                .bind("tenant", tenantId)
                .map(SqliteChannelAccountStore::map)
                .list());
    }

    /** An unknown account changes nothing, as in core's in-memory store. */
    @Override
    public void updateSettings(String accountId, Map<String, String> settings) {
        db.run(h -> h.createUpdate("UPDATE channel_accounts SET settings = :settings WHERE id = :id")
                .bind("id", accountId)
                .bind("settings", Json.stringMap(settings))
                .execute());
    }

    @Override
    public boolean delete(String accountId) {
        return db.write(h -> h.createUpdate("DELETE FROM channel_accounts WHERE id = :id").bind("id", accountId).execute()) > 0;
    }

    static ChannelAccount map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new ChannelAccount(
                rs.getString("id"),
                rs.getString("tenant_id"),
                rs.getString("channel"),
                rs.getString("provider"),
                rs.getString("external_number"),
                Secret.of(rs.getString("access_token")),
                rs.getString("display_name"),
                Json.stringMap(rs.getString("settings")),
                Sql.instant(rs, "created_at"));
    }
}
