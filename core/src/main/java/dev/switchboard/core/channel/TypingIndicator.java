package dev.switchboard.core.channel;

import dev.switchboard.core.domain.ChannelAccount;

/**
 * Optional capability a {@link Channel} may also implement when it can show the customer that a
 * reply is being written (web chat's "…", a messenger's "typing" action). The engine checks for it
 * with {@code instanceof} and calls {@link #typing} when a turn starts the model; a channel without
 * it shows nothing.
 *
 * <p>Best effort: a failure is logged and never fails the turn, so implementations may throw; they
 * should not block for long (the model call waits behind it).
 */
public interface TypingIndicator {

    /** Shows {@code recipient} (the channel user id) that the account is typing. */
    void typing(ChannelAccount account, String recipient);
}
