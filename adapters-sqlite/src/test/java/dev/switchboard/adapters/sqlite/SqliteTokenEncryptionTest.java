package dev.switchboard.adapters.sqlite;

import static dev.switchboard.testkit.store.StoreFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.crypto.EncryptingChannelAccountStore;
import dev.switchboard.core.crypto.TokenCipher;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.Secret;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Channel secrets through the encrypting decorator never reach the channel_accounts table in clear. */
class SqliteTokenEncryptionTest {
    private static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    private static final String OLD_KEY = Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes());

    private final SqliteStores sqlite = TestDatabase.shared();

    private static ChannelAccount account(String id, String token, String webhookToken) {
        return new ChannelAccount(id, unique("tenant"), "whatsapp", "evolution", null, new Secret(token), "Loja",
                Map.of("server_url", "https://evo.example.com", "webhook_token", webhookToken),
                Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    /** access_token and the settings' webhook_token and server_url exactly as in the table. */
    private String[] rawRow(String id) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqlite.file());
             PreparedStatement s = c.prepareStatement(
                     "SELECT access_token, json_extract(settings, '$.webhook_token'), json_extract(settings, '$.server_url')"
                             + " FROM channel_accounts WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return new String[] {rs.getString(1), rs.getString(2), rs.getString(3)};
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void the_stored_column_holds_ciphertext_and_the_store_answers_plaintext() {
        var store = new EncryptingChannelAccountStore(sqlite.stores().accounts(), TokenCipher.fromEnv(KEY, null).orElseThrow());
        String id = unique("evo");
        ChannelAccount account = account(id, "instance-token-" + id, "hook-secret-" + id);

        store.create(account);

        String[] raw = rawRow(id);
        assertThat(raw[0]).startsWith(TokenCipher.PREFIX).doesNotContain("instance-token");
        assertThat(raw[1]).startsWith(TokenCipher.PREFIX).doesNotContain("hook-secret");
        assertThat(raw[2]).isEqualTo("https://evo.example.com");
        assertThat(store.find(id)).contains(account);
    }

    @Test
    void plaintext_and_previous_key_rows_are_rewritten_with_the_current_key_at_start() {
        var plainStore = sqlite.stores().accounts();
        String legacy = unique("legacy");
        String old = unique("old");
        plainStore.create(account(legacy, "legacy-token", "legacy-hook"));
        new EncryptingChannelAccountStore(plainStore, TokenCipher.fromEnv(OLD_KEY, null).orElseThrow())
                .create(account(old, "old-token", "old-hook"));
        TokenCipher rotated = TokenCipher.fromEnv(KEY, OLD_KEY).orElseThrow();
        var store = new EncryptingChannelAccountStore(plainStore, rotated);

        assertThat(store.reencryptAll(sqlite.accountSecrets())).isGreaterThanOrEqualTo(2);

        for (String id : new String[] {legacy, old}) {
            String[] raw = rawRow(id);
            assertThat(rotated.isCurrent(raw[0])).as(id).isTrue();
            assertThat(rotated.isCurrent(raw[1])).as(id).isTrue();
        }
        assertThat(store.find(legacy).orElseThrow().accessToken().value()).isEqualTo("legacy-token");
        assertThat(store.find(old).orElseThrow().setting("webhook_token")).isEqualTo("old-hook");
        var withoutOldKey = new EncryptingChannelAccountStore(plainStore, TokenCipher.fromEnv(KEY, null).orElseThrow());
        assertThat(withoutOldKey.find(old).orElseThrow().accessToken().value()).isEqualTo("old-token");
        assertThat(store.reencryptAll(sqlite.accountSecrets())).as("a second start rewrites nothing").isZero();
    }

    @Test
    void a_row_changed_since_it_was_read_is_not_overwritten() {
        var plainStore = sqlite.stores().accounts();
        String id = unique("raced");
        ChannelAccount before = plainStore.create(account(id, "t1", "h1"));
        plainStore.updateSettings(id, Map.of("webhook_token", "h2"));

        boolean replaced = sqlite.accountSecrets().replaceSecrets(before, account(id, "enc-should-not-land", "x"));

        assertThat(replaced).isFalse();
        assertThat(rawRow(id)[0]).isEqualTo("t1");
        assertThat(rawRow(id)[1]).isEqualTo("h2");
    }
}
