package dev.switchboard.adapters.sqlite;

import dev.switchboard.core.crypto.StoredAccountSecrets;
import dev.switchboard.core.domain.ChannelAccount;
import java.util.List;

/** The channel_accounts rows as stored, for re-encrypting their secrets at start. */
final class SqliteStoredAccountSecrets implements StoredAccountSecrets {
    private final Db db;

    SqliteStoredAccountSecrets(Db db) {
        this.db = db;
    }

    @Override
    public List<ChannelAccount> all() {
        return db.read(h -> h.createQuery("SELECT * FROM channel_accounts ORDER BY created_at, id")
                .map(SqliteChannelAccountStore::map)
                .list());
    }

    /**
     * One compare-and-set UPDATE. Settings are stored as {@link Json#stringMap(java.util.Map)} writes
     * them (keys sorted), so equal maps are equal text; {@code IS} also matches a NULL token.
     */
    @Override
    public boolean replaceSecrets(ChannelAccount stored, ChannelAccount replacement) {
        return db.write(h -> h.createUpdate("""
                        UPDATE channel_accounts SET access_token = :newToken, settings = :newSettings
                        WHERE id = :id AND access_token IS :oldToken AND settings = :oldSettings""")
                .bind("id", stored.id())
                .bind("oldToken", stored.accessToken() == null ? null : stored.accessToken().value())
                .bind("oldSettings", Json.stringMap(stored.settings()))
                .bind("newToken", replacement.accessToken() == null ? null : replacement.accessToken().value())
                .bind("newSettings", Json.stringMap(replacement.settings()))
                .execute()) == 1;
    }
}
