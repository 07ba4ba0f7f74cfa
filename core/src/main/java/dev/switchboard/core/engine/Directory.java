package dev.switchboard.core.engine;

import dev.switchboard.core.domain.Agent;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.work.Invalidations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The webhook path's lookups (account by id, agent by account), cached in the process so a
 * delivery costs no read in the common case. An admin write on any node publishes on
 * {@link Invalidations} and every node drops its entries; entries also end after {@code ttl}, the
 * bound on staleness should an invalidation be lost.
 *
 * <p>A lookup that read the store before an invalidation must not put what it read back after
 * it: each invalidation moves a generation, and a lookup keeps its entry only if the generation it
 * started under is still current.
 */
final class Directory implements AutoCloseable {
    static final String TOPIC = "directory";

    record Entry(Optional<ChannelAccount> account, Optional<Agent> agent, Instant expires) {}

    private final Stores stores;
    private final Clock clock;
    private final Duration ttl;
    private final Invalidations invalidations;
    private final Invalidations.Subscription subscription;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    Directory(Stores stores, Clock clock, Duration ttl, Invalidations invalidations) {
        this.stores = stores;
        this.clock = clock;
        this.ttl = ttl;
        this.invalidations = invalidations;
        this.subscription = invalidations.subscribe(topic -> {
            if (TOPIC.equals(topic) || Invalidations.EVERYTHING.equals(topic)) forget();
        });
    }

    /** The account and its agent, read together and cached together. */
    Entry lookup(String accountId) {
        Instant now = clock.instant();
        // no stored id holds U+0000 or a lone surrogate (PostgreSQL refuses them in a query, too)
        if (accountId == null || !dev.switchboard.core.support.StoredText.clean(accountId).equals(accountId)) {
            return new Entry(Optional.empty(), Optional.empty(), now);
        }
        Entry e = entries.get(accountId);
        if (e != null && e.expires().isAfter(now)) return e;
        long started = generation.get();
        Optional<ChannelAccount> account = stores.accounts().find(accountId);
        Optional<Agent> agent = account.flatMap(a -> stores.agents().findByChannelAccount(a.id()));
        Entry fresh = new Entry(account, agent, now.plus(ttl));
        if (!ttl.isZero()) {
            entries.put(accountId, fresh);
            if (generation.get() != started) entries.remove(accountId, fresh);
        }
        return fresh;
    }

    Optional<ChannelAccount> account(String accountId) {
        return lookup(accountId).account();
    }

    Optional<Agent> agent(String accountId) {
        return lookup(accountId).agent();
    }

    /** Called by every write that may change an account or its agent: drops this node's entries and tells the others. */
    void invalidate() {
        forget();
        invalidations.publish(TOPIC);
    }

    private void forget() {
        generation.incrementAndGet();
        entries.clear();
    }

    @Override
    public void close() {
        subscription.close();
    }
}
