package dev.switchboard.adapters.postgres;

import dev.switchboard.core.crypto.StoredAccountSecrets;
import dev.switchboard.core.domain.ChannelAccount;
import java.util.List;

/** The channel_accounts rows as stored, for re-encrypting their secrets at start. */
final class PostgresStoredAccountSecrets implements StoredAccountSecrets {
    private final Db db;

    PostgresStoredAccountSecrets(Db db) {
        this.db = db;
    }

    @Override
    public List<ChannelAccount> all() {
        return db.call(h -> h.createQuery("SELECT * FROM channel_accounts ORDER BY created_at, id")
                .map(PostgresChannelAccountStore::map)
                .list());
    }

    /** One compare-and-set UPDATE: jsonb compares by value, so key order does not matter. */
    @Override
    public boolean replaceSecrets(ChannelAccount stored, ChannelAccount replacement) {
        return db.call(h -> h.createUpdate("""
                        UPDATE channel_accounts SET access_token = :newToken, settings = :newSettings::jsonb
                        WHERE id = :id AND access_token IS NOT DISTINCT FROM :oldToken AND settings = :oldSettings::jsonb""")
                .bind("id", stored.id())
                .bind("oldToken", stored.accessToken() == null ? null : stored.accessToken().value())
                .bind("oldSettings", Json.stringMap(stored.settings()))
                .bind("newToken", replacement.accessToken() == null ? null : replacement.accessToken().value())
                .bind("newSettings", Json.stringMap(replacement.settings()))
                .execute()) == 1;
    }
}
