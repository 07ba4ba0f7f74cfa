package dev.switchboard.core.store;

import dev.switchboard.core.domain.ChannelAccount;
import java.util.List;
import java.util.Optional;

public interface ChannelAccountStore {
    /** @throws dev.switchboard.core.support.ConflictException if the id is registered already (by any tenant) */
    ChannelAccount create(ChannelAccount account);

    Optional<ChannelAccount> find(String accountId);

    List<ChannelAccount> list(String tenantId);

    /** Replaces the account's settings (connection state, last QR…). */
    void updateSettings(String accountId, java.util.Map<String, String> settings);

    /** @return whether it existed */
    boolean delete(String accountId);
}
