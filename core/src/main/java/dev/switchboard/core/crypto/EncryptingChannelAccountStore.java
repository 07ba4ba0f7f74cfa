package dev.switchboard.core.crypto;

import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.Secret;
import dev.switchboard.core.store.ChannelAccountStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Channel accounts whose secrets are encrypted at rest: the access token and every setting whose
 * key ends in {@code _token} or {@code _secret} (the {@code webhook_token}…) are encrypted with
 * {@link TokenCipher} on the way to the wrapped store and decrypted on the way back, so callers
 * see plaintext and the table never holds it. Values stored before a key was set still read;
 * {@link #reencryptAll} rewrites them, and those of a previous key, with the current key.
 *
 * <p>Threading and errors as the wrapped store's; a value no configured key opens fails the read
 * with a {@link dev.switchboard.core.support.SwitchboardException} naming the account, never the value.
 */
public final class EncryptingChannelAccountStore implements ChannelAccountStore {
    private final ChannelAccountStore delegate;
    private final TokenCipher cipher;

    public EncryptingChannelAccountStore(ChannelAccountStore delegate, TokenCipher cipher) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
    }

    /** Whether a setting holds a secret, by the naming rule of {@link ChannelAccount#settings()}. */
    public static boolean isSecretSetting(String key) {
        return key.endsWith("_token") || key.endsWith("_secret");
    }

    @Override
    public ChannelAccount create(ChannelAccount account) {
        return decrypted(delegate.create(encrypted(account)));
    }

    @Override
    public Optional<ChannelAccount> find(String accountId) {
        return delegate.find(accountId).map(this::decrypted);
    }

    @Override
    public List<ChannelAccount> list(String tenantId) {
        return delegate.list(tenantId).stream().map(this::decrypted).toList();
    }

    @Override
    public void updateSettings(String accountId, Map<String, String> settings) {
        delegate.updateSettings(accountId, transformSettings(accountId, settings, cipher::encrypt));
    }

    @Override
    public boolean delete(String accountId) {
        return delegate.delete(accountId);
    }

    /**
     * Rewrites, with the current key, every stored secret that is plaintext or encrypted with the
     * previous key; run it at start, before serving. Safe to run on several nodes at once.
     *
     * @return how many accounts were rewritten
     * @throws dev.switchboard.core.support.SwitchboardException when a value opens with neither key:
     *         start with the key it was written with as {@code ENCRYPTION_KEY_PREVIOUS}
     */
    public int reencryptAll(StoredAccountSecrets stored) {
        int rewritten = 0;
        for (ChannelAccount row : stored.all()) {
            decrypted(row); // fails here, at start, for a value no key opens
            ChannelAccount fresh = sealed(row, (value, context) ->
                    cipher.isCurrent(value) ? value : cipher.encrypt(cipher.decrypt(value, context), context));
            boolean changed = !Objects.equals(fresh.accessToken(), row.accessToken()) || !fresh.settings().equals(row.settings());
            if (changed && stored.replaceSecrets(row, fresh)) rewritten++;
        }
        return rewritten;
    }

    /** Every secret encrypted with the current key, always: a plaintext that looks encrypted is still only plaintext. */
    private ChannelAccount encrypted(ChannelAccount account) {
        return sealed(account, cipher::encrypt);
    }

    private ChannelAccount sealed(ChannelAccount a, BiFunction<String, String, String> seal) {
        Secret token = a.accessToken() == null ? null : new Secret(seal.apply(a.accessToken().value(), context(a.id(), "access_token")));
        return with(a, token, transformSettings(a.id(), a.settings(), seal));
    }

    private ChannelAccount decrypted(ChannelAccount a) {
        Secret token = a.accessToken() == null ? null : new Secret(cipher.decrypt(a.accessToken().value(), context(a.id(), "access_token")));
        return with(a, token, transformSettings(a.id(), a.settings(), cipher::decrypt));
    }

    private static Map<String, String> transformSettings(String accountId, Map<String, String> settings,
                                                         BiFunction<String, String, String> transform) {
        if (settings == null) return null;
        Map<String, String> out = new LinkedHashMap<>();
        settings.forEach((key, value) -> out.put(key,
                value != null && isSecretSetting(key) ? transform.apply(value, context(accountId, "settings." + key)) : value));
        return out;
    }

    /** Binds a value to its account and field: a ciphertext moved elsewhere does not open. */
    private static String context(String accountId, String field) {
        return "channel_account:" + accountId + ":" + field;
    }

    private static ChannelAccount with(ChannelAccount a, Secret token, Map<String, String> settings) {
        return new ChannelAccount(a.id(), a.tenantId(), a.channel(), a.provider(), a.externalNumber(), token, a.displayName(),
                settings, a.createdAt());
    }
}
