package dev.switchboard.core.channel;

import dev.switchboard.core.domain.ChannelAccount;

/**
 * Optional capability a {@link Channel} may also implement when the provider has read receipts
 * (the customer sees their message marked as read). The engine checks for it with
 * {@code instanceof} and calls {@link #markRead} when a turn starts for an agent with
 * {@code markRead} on; a channel without it marks nothing.
 *
 * <p>Best effort: implementations swallow and log provider failures and should not block for long.
 */
public interface ReadReceipts {

    /** Tells the customer their message {@code externalMessageId} was read through {@code account}. */
    void markRead(ChannelAccount account, String externalMessageId);
}
