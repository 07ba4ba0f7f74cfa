package dev.switchboard.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.Secret;
import dev.switchboard.core.memory.InMemoryStores;
import dev.switchboard.core.store.ChannelAccountStore;
import dev.switchboard.core.support.SwitchboardException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EncryptingChannelAccountStoreTest {
    private static final TokenCipher KEY = TokenCipher.fromEnv(TokenCipherTest.KEY, null).orElseThrow();
    private static final TokenCipher OTHER = TokenCipher.fromEnv(TokenCipherTest.OTHER_KEY, null).orElseThrow();
    private static final TokenCipher ROTATED = TokenCipher.fromEnv(TokenCipherTest.KEY, TokenCipherTest.OTHER_KEY).orElseThrow();

    /** The in-memory store, seen raw: what a table would hold. */
    private final ChannelAccountStore raw = InMemoryStores.create().stores().accounts();
    private final List<String> ids = new ArrayList<>();

    private static ChannelAccount account(String id) {
        return new ChannelAccount(id, "tenant-1", "whatsapp", "evolution", "+5511977776666", new Secret("instance-token-" + id),
                "Loja", Map.of("server_url", "https://evo.example.com", "webhook_token", "hook-" + id, "state", "open"),
                Instant.parse("2026-11-28T00:00:00Z"));
    }

    private ChannelAccount create(ChannelAccountStore store, ChannelAccount account) {
        ids.add(account.id());
        return store.create(account);
    }

    /** A storage's raw side over the in-memory store, as the SQL implementations do it with one UPDATE. */
    private final StoredAccountSecrets rows = new StoredAccountSecrets() {
        public List<ChannelAccount> all() {
            return ids.stream().map(raw::find).flatMap(Optional::stream).toList();
        }

        public boolean replaceSecrets(ChannelAccount stored, ChannelAccount replacement) {
            Optional<ChannelAccount> now = raw.find(stored.id());
            if (now.isEmpty() || !now.get().equals(stored)) return false;
            raw.delete(stored.id());
            raw.create(replacement);
            return true;
        }
    };

    @Test
    void the_access_token_and_secret_settings_are_stored_encrypted_and_read_back_in_clear() {
        var store = new EncryptingChannelAccountStore(raw, KEY);

        ChannelAccount created = create(store, account("loja-centro"));

        ChannelAccount stored = raw.find("loja-centro").orElseThrow();
        assertThat(stored.accessToken().value()).startsWith(TokenCipher.PREFIX).doesNotContain("instance-token");
        assertThat(stored.setting("webhook_token")).startsWith(TokenCipher.PREFIX).doesNotContain("hook-");
        assertThat(stored.setting("server_url")).isEqualTo("https://evo.example.com");
        assertThat(created).isEqualTo(account("loja-centro"));
        assertThat(store.find("loja-centro")).contains(account("loja-centro"));
        assertThat(store.list("tenant-1")).containsExactly(account("loja-centro"));
    }

    @Test
    void settings_updates_stay_encrypted() {
        var store = new EncryptingChannelAccountStore(raw, KEY);
        create(store, account("loja-centro"));

        store.updateSettings("loja-centro", Map.of("webhook_token", "new-hook", "state", "close"));

        assertThat(raw.find("loja-centro").orElseThrow().setting("webhook_token")).doesNotContain("new-hook");
        assertThat(store.find("loja-centro").orElseThrow().settings()).isEqualTo(Map.of("webhook_token", "new-hook", "state", "close"));
    }

    @Test
    void plaintext_rows_from_before_the_key_read_and_are_encrypted_by_reencrypt_all() {
        create(raw, account("legacy"));
        var store = new EncryptingChannelAccountStore(raw, KEY);

        assertThat(store.find("legacy")).contains(account("legacy"));
        assertThat(store.reencryptAll(rows)).isEqualTo(1);

        ChannelAccount stored = raw.find("legacy").orElseThrow();
        assertThat(stored.accessToken().value()).startsWith(TokenCipher.PREFIX);
        assertThat(stored.setting("webhook_token")).startsWith(TokenCipher.PREFIX);
        assertThat(store.find("legacy")).contains(account("legacy"));
        assertThat(store.reencryptAll(rows)).as("nothing left to rewrite").isZero();
    }

    @Test
    void rotation_rewrites_the_previous_keys_rows_with_the_new_key() {
        create(new EncryptingChannelAccountStore(raw, OTHER), account("old-key"));
        var rotated = new EncryptingChannelAccountStore(raw, ROTATED);

        assertThat(rotated.find("old-key")).contains(account("old-key"));
        assertThat(rotated.reencryptAll(rows)).isEqualTo(1);

        assertThat(KEY.isCurrent(raw.find("old-key").orElseThrow().accessToken().value())).isTrue();
        assertThat(new EncryptingChannelAccountStore(raw, KEY).find("old-key")).contains(account("old-key"));
    }

    @Test
    void a_row_no_key_opens_fails_loudly_at_start_without_showing_the_value() {
        create(new EncryptingChannelAccountStore(raw, OTHER), account("lost"));
        var store = new EncryptingChannelAccountStore(raw, KEY);

        assertThatThrownBy(() -> store.reencryptAll(rows)).isInstanceOf(SwitchboardException.class)
                .hasMessageContaining("lost").hasMessageContaining("ENCRYPTION_KEY_PREVIOUS");
        assertThatThrownBy(() -> store.find("lost")).isInstanceOf(SwitchboardException.class);
    }

    @Test
    void a_ciphertext_copied_into_another_account_does_not_open() {
        var store = new EncryptingChannelAccountStore(raw, KEY);
        create(store, account("victim"));
        String victimsToken = raw.find("victim").orElseThrow().accessToken().value();
        ChannelAccount a = account("attacker");
        create(raw, new ChannelAccount(a.id(), a.tenantId(), a.channel(), a.provider(), a.externalNumber(), new Secret(victimsToken),
                a.displayName(), Map.of(), a.createdAt()));

        assertThatThrownBy(() -> store.find("attacker")).isInstanceOf(SwitchboardException.class);
    }
}
