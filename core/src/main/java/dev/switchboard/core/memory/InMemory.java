package dev.switchboard.core.memory;

import dev.switchboard.core.engine.PortDefaults;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.support.Ids;
import dev.switchboard.core.work.Dedup;
import dev.switchboard.core.work.Invalidations;
import dev.switchboard.core.work.Locks;
import dev.switchboard.core.work.RateLimiter;
import dev.switchboard.core.work.WorkQueue;
import java.time.Clock;
import java.time.Duration;

/** Every port in memory, for one process: what an engine runs on when given no infrastructure. */
public final class InMemory implements PortDefaults {
    /** How long a taken task stays invisible to other workers before it is handed out again. */
    private static final Duration VISIBILITY = Duration.ofMinutes(5);

    @Override
    public Stores stores(Clock clock, Ids ids) {
        return new InMemoryStores(clock, ids).stores();
    }

    @Override
    public WorkQueue queue(Clock clock) {
        return new InMemoryWorkQueue(clock, VISIBILITY);
    }

    @Override
    public Locks locks(Clock clock) {
        return new InMemoryLocks(clock);
    }

    @Override
    public Dedup dedup(Clock clock) {
        return new InMemoryDedup(clock);
    }

    @Override
    public RateLimiter rateLimiter() {
        return new InMemoryRateLimiter();
    }

    @Override
    public Invalidations invalidations() {
        return new InMemoryInvalidations();
    }

    @Override
    public dev.switchboard.core.store.EventLog events() {
        return new InMemoryEventLog();
    }
}
