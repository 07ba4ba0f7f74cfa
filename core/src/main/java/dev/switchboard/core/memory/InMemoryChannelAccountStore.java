package dev.switchboard.core.memory;

import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.store.ChannelAccountStore;
import dev.switchboard.core.support.ConflictException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link ChannelAccountStore} in memory. */
final class InMemoryChannelAccountStore implements ChannelAccountStore {
    private final Guard guard;
    private final Map<String, ChannelAccount> accounts = new LinkedHashMap<>();

    InMemoryChannelAccountStore(Guard guard) {
        this.guard = guard;
    }

    public ChannelAccount create(ChannelAccount account) {
        return guard.locked(() -> {
            if (accounts.containsKey(account.id())) throw new ConflictException("phone number already registered: " + account.id());
            accounts.put(account.id(), account);
            return account;
        });
    }

    public Optional<ChannelAccount> find(String accountId) {
        return guard.locked(() -> Optional.ofNullable(accounts.get(accountId)));
    }

    public List<ChannelAccount> list(String tenantId) {
        return guard.locked(() -> accounts.values().stream().filter(a -> a.tenantId().equals(tenantId)).toList());
    }

    public void updateSettings(String accountId, Map<String, String> settings) {
        guard.locked(() -> {
            ChannelAccount a = accounts.get(accountId);
            if (a == null) return;
            accounts.put(accountId, new ChannelAccount(a.id(), a.tenantId(), a.channel(), a.provider(), a.externalNumber(),
                    a.accessToken(), a.displayName(), settings, a.createdAt()));
        });
    }

    public boolean delete(String accountId) {
        return guard.locked(() -> accounts.remove(accountId) != null);
    }
}
