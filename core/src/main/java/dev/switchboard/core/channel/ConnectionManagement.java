package dev.switchboard.core.channel;

import dev.switchboard.core.domain.ChannelAccount;

/**
 * Optional capability a {@link Channel} may also implement when its accounts are linked by the
 * operator, like a phone linked to a self-hosted WhatsApp gateway by scanning a QR code. The admin
 * API checks for it with {@code instanceof} and answers "not supported" otherwise.
 *
 * <p>Calls go to the provider and block; failures are unchecked
 * {@link dev.switchboard.core.support.SwitchboardException}s.
 */
public interface ConnectionManagement {

    /** The account's current connection with the provider. */
    ConnectionState state(ChannelAccount account);

    /** Starts linking the account; the answer carries what the operator needs to finish (a QR, a pairing code), or the state when already linked. */
    ConnectionState connect(ChannelAccount account);

    /**
     * As {@link #connect(ChannelAccount)}, asking also for a pairing code for {@code e164} (a phone
     * number in E.164, to type in instead of scanning); a channel without pairing codes ignores it.
     */
    default ConnectionState connect(ChannelAccount account, String e164) {
        return connect(account);
    }

    /** Unlinks the account. Disconnecting an account that is not connected succeeds. */
    void disconnect(ChannelAccount account);
}
