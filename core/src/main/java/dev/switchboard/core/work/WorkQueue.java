package dev.switchboard.core.work;

import dev.switchboard.core.support.HealthCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Background work, at least once, one task per key at a time.
 *
 * <p>Contract (pinned by the contract kit): a submitted task is delivered at least once; tasks of
 * one key are never leased to two workers at once; a task submitted while the same task is waiting
 * may be coalesced with it, but a task submitted while the same task is leased is delivered again
 * after that lease ends (so work that arrives during a turn is not lost); {@link #schedule} delays a
 * task and a later schedule of the same task replaces the earlier time (debounce); a lease that is
 * neither completed nor released within the lease time is handed out again.
 */
public interface WorkQueue extends HealthCheck {

    /** Run {@code task} as soon as a worker is free. */
    void submit(Task task);

    /** Run {@code task} at {@code at}, replacing an earlier schedule of the same task. */
    void schedule(Task task, Instant at);

    /** Waits up to {@code maxWait} for a task. */
    Optional<Lease> take(Duration maxWait) throws InterruptedException;

    /** The work is done (or stored): the task is gone. */
    void complete(Lease lease);

    /** Give the task back to be handed out again (shutting down, lock busy). */
    void release(Lease lease, Duration delay);

    @Override
    default boolean healthy() {
        return true;
    }
}
