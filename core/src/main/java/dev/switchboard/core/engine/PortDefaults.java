package dev.switchboard.core.engine;

import dev.switchboard.core.store.Stores;
import dev.switchboard.core.support.Ids;
import dev.switchboard.core.work.Dedup;
import dev.switchboard.core.work.Invalidations;
import dev.switchboard.core.work.Locks;
import dev.switchboard.core.work.RateLimiter;
import dev.switchboard.core.work.WorkQueue;
import java.time.Clock;

/**
 * Builds the ports an engine was not given. {@link Switchboard#create(java.util.function.Consumer)}
 * uses the single-process, in-memory set ({@code dev.switchboard.core.DefaultPorts}); an embedder
 * may pass another to {@link Switchboard#create(PortDefaults, java.util.function.Consumer)}.
 * Each method is called at most once per engine, at creation, and returns a fresh instance.
 */
public interface PortDefaults {
    Stores stores(Clock clock, Ids ids);

    WorkQueue queue(Clock clock);

    Locks locks(Clock clock);

    Dedup dedup(Clock clock);

    RateLimiter rateLimiter();

    Invalidations invalidations();

    /** The live event log; none by default (an implementation keeping nothing). */
    default dev.switchboard.core.store.EventLog events() {
        return dev.switchboard.core.store.EventLog.NONE;
    }
}
