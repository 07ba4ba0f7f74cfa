package dev.switchboard.core.channel;

import dev.switchboard.core.domain.ChannelAccount;
import java.util.Optional;

/** Looks up a registered channel account by its id, for channels whose secrets are per account. */
@FunctionalInterface
public interface AccountDirectory {
    Optional<ChannelAccount> find(String accountId);
}
