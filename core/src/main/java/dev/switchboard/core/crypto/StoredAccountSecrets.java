package dev.switchboard.core.crypto;

import dev.switchboard.core.domain.ChannelAccount;
import java.util.List;

/**
 * The raw side of a storage's channel accounts that re-encryption needs: every row as stored, and
 * a rewrite of one row's secrets. A storage that persists implements it next to its
 * {@link dev.switchboard.core.store.ChannelAccountStore}; an in-memory one has nothing to rotate.
 *
 * <p>Threading: safe to call from several processes at once; {@link #replaceSecrets} is a
 * compare-and-set, so two nodes rotating at the same start never lose a concurrent update.
 */
public interface StoredAccountSecrets {

    /** Every account of every tenant, with its access token and settings exactly as stored. */
    List<ChannelAccount> all();

    /**
     * Sets the access token and settings of {@code stored.id()} to those of {@code replacement}, if
     * the row still holds {@code stored}'s token and settings. Nothing else of the row changes.
     *
     * @return whether the row was rewritten (false: it changed meanwhile, or is gone)
     */
    boolean replaceSecrets(ChannelAccount stored, ChannelAccount replacement);
}
