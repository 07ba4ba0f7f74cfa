package dev.switchboard.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.support.SwitchboardException;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokenCipherTest {
    static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    static final String OTHER_KEY = Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes());

    private final TokenCipher cipher = TokenCipher.fromEnv(KEY, null).orElseThrow();

    @Test
    void a_value_round_trips_and_is_never_stored_the_same_way_twice() {
        String once = cipher.encrypt("EAAG-access-token", "ctx");
        String twice = cipher.encrypt("EAAG-access-token", "ctx");

        assertThat(once).startsWith(TokenCipher.PREFIX).doesNotContain("EAAG").isNotEqualTo(twice);
        assertThat(cipher.decrypt(once, "ctx")).isEqualTo("EAAG-access-token");
        assertThat(cipher.isCurrent(once)).isTrue();
    }

    @Test
    void plaintext_written_before_a_key_was_set_passes_through_and_is_not_current() {
        assertThat(cipher.decrypt("legacy-token", "ctx")).isEqualTo("legacy-token");
        assertThat(cipher.isCurrent("legacy-token")).isFalse();
    }

    @Test
    void a_value_moved_to_another_context_or_altered_does_not_open() {
        String sealed = cipher.encrypt("secret", "channel_account:a:access_token");
        char last = sealed.charAt(sealed.length() - 2);
        String altered = sealed.substring(0, sealed.length() - 2) + (last == 'A' ? 'B' : 'A') + sealed.charAt(sealed.length() - 1);

        assertThatThrownBy(() -> cipher.decrypt(sealed, "channel_account:b:access_token")).isInstanceOf(SwitchboardException.class)
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> cipher.decrypt(altered, "channel_account:a:access_token")).isInstanceOf(SwitchboardException.class);
    }

    @Test
    void the_previous_key_still_decrypts_and_a_foreign_key_is_named_as_such() {
        String old = TokenCipher.fromEnv(OTHER_KEY, null).orElseThrow().encrypt("secret", "ctx");
        TokenCipher rotated = TokenCipher.fromEnv(KEY, OTHER_KEY).orElseThrow();

        assertThat(rotated.decrypt(old, "ctx")).isEqualTo("secret");
        assertThat(rotated.isCurrent(old)).isFalse();
        assertThatThrownBy(() -> cipher.decrypt(old, "ctx")).isInstanceOf(SwitchboardException.class)
                .hasMessageContaining("ENCRYPTION_KEY_PREVIOUS");
    }

    @Test
    void bad_keys_are_refused_naming_the_variable() {
        assertThat(TokenCipher.fromEnv(null, null)).isEmpty();
        assertThat(TokenCipher.fromEnv("  ", "")).isEmpty();
        assertThatThrownBy(() -> TokenCipher.fromEnv("not base64!!", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ENCRYPTION_KEY ");
        assertThatThrownBy(() -> TokenCipher.fromEnv(Base64.getEncoder().encodeToString(new byte[16]), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ENCRYPTION_KEY").hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> TokenCipher.fromEnv(KEY, "short")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ENCRYPTION_KEY_PREVIOUS");
        assertThatThrownBy(() -> TokenCipher.fromEnv(null, KEY)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ENCRYPTION_KEY_PREVIOUS");
        assertThat(TokenCipher.fromEnv(KEY, null).orElseThrow().toString()).doesNotContain(KEY);
    }
}
