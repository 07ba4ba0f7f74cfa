package dev.switchboard.runner.common;

import dev.switchboard.core.crypto.EncryptingChannelAccountStore;
import dev.switchboard.core.crypto.StoredAccountSecrets;
import dev.switchboard.core.crypto.TokenCipher;
import dev.switchboard.core.store.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Channel account secrets (access tokens, secret settings) encrypted at rest, read from
 * {@code ENCRYPTION_KEY} and {@code ENCRYPTION_KEY_PREVIOUS} by the server and the worker alike:
 * both read tokens (the worker to send), so both must hold the key.
 */
public final class Encryption {
    private static final Logger LOG = LoggerFactory.getLogger(Encryption.class);

    private Encryption() {}

    /**
     * The cipher, or null when ENCRYPTION_KEY is not set. A malformed value (or a previous key
     * without a current one) is a problem on {@code env}, named by its variable; no key is echoed.
     */
    public static TokenCipher fromEnv(Env env) {
        try {
            return TokenCipher.fromEnv(env.string("ENCRYPTION_KEY", null), env.string("ENCRYPTION_KEY_PREVIOUS", null))
                    .orElse(null);
        } catch (IllegalArgumentException e) {
            env.problem(e.getMessage());
            return null;
        }
    }

    /**
     * The stores of a persistent storage as the engine should use them. With a cipher, every stored
     * secret not yet under the current key is rewritten first (plaintext rows from before a key was
     * set, rows under ENCRYPTION_KEY_PREVIOUS), then the accounts store encrypts on write and
     * decrypts on read. Without one, the stores are returned as they are and a warning says tokens
     * are kept in clear.
     *
     * @param storage names the storage in the warning ("SQLite", "PostgreSQL")
     * @throws dev.switchboard.core.support.SwitchboardException when a stored value opens with
     *         neither key: the server must not start and fail every send later
     */
    public static Stores protect(Stores stores, StoredAccountSecrets stored, TokenCipher cipher, String storage) {
        if (cipher == null) {
            LOG.warn("ENCRYPTION_KEY is not set: channel access tokens are stored in clear in {}."
                    + " Set ENCRYPTION_KEY (e.g. `openssl rand -base64 32`) to encrypt them at rest.", storage);
            return stores;
        }
        EncryptingChannelAccountStore accounts = new EncryptingChannelAccountStore(stores.accounts(), cipher);
        int rewritten = accounts.reencryptAll(stored);
        LOG.info("channel account secrets are encrypted at rest ({} account(s) re-encrypted at start)", rewritten);
        return new Stores(stores.tenants(), accounts, stores.agents(), stores.contacts(), stores.conversations(),
                stores.credits(), stores.extractions(), stores.webhookLog(), stores.health());
    }
}
