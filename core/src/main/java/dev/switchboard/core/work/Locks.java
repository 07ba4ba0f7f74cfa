package dev.switchboard.core.work;

import java.time.Duration;
import java.util.Optional;

/**
 * Mutual exclusion per key with expiry, so a crashed holder cannot block a conversation forever.
 * Each acquisition carries a fencing token that grows with every acquisition of the key: a holder
 * that lost its lock (expired) has a smaller token than the new holder.
 */
public interface Locks {

    Optional<Lock> tryAcquire(String key, Duration ttl);

    interface Lock extends AutoCloseable {
        String key();

        long fencingToken();

        /** @return false if the lock was lost (expired and taken by another) */
        boolean extend(Duration ttl);

        /** Releases the lock if still held by this holder. */
        @Override
        void close();
    }
}
