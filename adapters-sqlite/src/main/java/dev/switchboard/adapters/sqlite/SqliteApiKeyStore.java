package dev.switchboard.adapters.sqlite;



import dev.switchboard.core.store.ApiKey;
import dev.switchboard.core.store.ApiKeyStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** Tenants' API keys in {@code api_keys}, hashes only. */
final class SqliteApiKeyStore implements ApiKeyStore {
    private final Db db;

    SqliteApiKeyStore(Db db) {
        this.db = db;
    }

    @Override
    public ApiKey create(ApiKey key) {
        return db.write(h -> h.createQuery("""
                        INSERT INTO api_keys (id, tenant_id, name, key_hash, created_at, revoked_at)
                        VALUES (:id, :tenant, :name, :hash, :createdAt, :revokedAt) RETURNING *""")
                .bind("id", key.id()).bind("tenant", key.tenantId()).bind("name", key.name()).bind("hash", key.hash())
                .bind("createdAt", Sql.micros(key.createdAt())).bind("revokedAt", Sql.micros(key.revokedAt()))
                .map(SqliteApiKeyStore::map).one(), constraint -> "api key exists: " + key.id());
    }

    @Override
    public Optional<ApiKey> findByHash(String hash) {
        return db.read(h -> h.createQuery("SELECT * FROM api_keys WHERE key_hash = :hash AND revoked_at IS NULL")
                .bind("hash", hash).map(SqliteApiKeyStore::map).findOne());
    }

    @Override
    public List<ApiKey> list(String tenantId) {
        return db.read(h -> h.createQuery("SELECT * FROM api_keys WHERE tenant_id = :tenant ORDER BY created_at, id")
                .bind("tenant", tenantId).map(SqliteApiKeyStore::map).list());
    }

    @Override
    public boolean revoke(String tenantId, String keyId, Instant at) {
        return db.write(h -> h.createUpdate(
                        "UPDATE api_keys SET revoked_at = :at WHERE id = :id AND tenant_id = :tenant AND revoked_at IS NULL")
                .bind("at", Sql.micros(at)).bind("id", keyId).bind("tenant", tenantId).execute()) == 1;
    }

    private static ApiKey map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new ApiKey(rs.getString("id"), rs.getString("tenant_id"), rs.getString("name"), rs.getString("key_hash"),
                Sql.instant(rs, "created_at"), Sql.instant(rs, "revoked_at"));
    }
}
