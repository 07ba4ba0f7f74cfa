package dev.switchboard.core.engine;

import dev.switchboard.core.domain.Agent;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.store.Stores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The webhook path's lookups (account by id, agent by account), cached in the process so a
 * delivery costs no read in the common case. Entries live for {@code ttl}; admin writes through
 * this engine clear them at once, and another node's writes are seen within {@code ttl}.
 */
final class Directory {
    private record Entry(Optional<ChannelAccount> account, Optional<Agent> agent, Instant expires) {}

    private final Stores stores;
    private final Clock clock;
    private final Duration ttl;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    Directory(Stores stores, Clock clock, Duration ttl) {
        this.stores = stores;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** The account and its agent, read together and cached together. */
    Entry lookup(String accountId) {
        Instant now = clock.instant();
        Entry e = entries.get(accountId);
        if (e != null && e.expires().isAfter(now)) return e;
        Optional<ChannelAccount> account = stores.accounts().find(accountId);
        Optional<Agent> agent = account.flatMap(a -> stores.agents().findByChannelAccount(a.id()));
        Entry fresh = new Entry(account, agent, now.plus(ttl));
        if (!ttl.isZero()) entries.put(accountId, fresh);
        return fresh;
    }

    Optional<ChannelAccount> account(String accountId) {
        return lookup(accountId).account();
    }

    Optional<Agent> agent(String accountId) {
        return lookup(accountId).agent();
    }

    /** Called by every admin write that may change an account or its agent. */
    void invalidate() {
        entries.clear();
    }
}
