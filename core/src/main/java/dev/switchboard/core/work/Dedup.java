package dev.switchboard.core.work;

import java.time.Duration;

/**
 * Cheap first line of duplicate detection for webhooks, in front of the store's unique keys (which
 * stay the real guarantee). A key is remembered for {@code ttl}.
 */
public interface Dedup {

    /** @return true the first time the key is seen within its ttl, false for a repeat */
    boolean firstSeen(String key, Duration ttl);

    /** Forget a key, so a retry of work that failed after {@link #firstSeen} is not taken for a repeat. */
    void forget(String key);

    /**
     * No first line: every key counts as first seen and the store's unique keys decide alone. For
     * stores whose {@code acceptInbound} is one atomic step that answers a redelivery as a duplicate
     * without writing (PostgreSQL's {@code accept_inbound}): there a shared dedup costs a round trip
     * for every webhook to save one for each redelivery, which are rare.
     */
    Dedup STORE_DECIDES = new Dedup() {
        @Override
        public boolean firstSeen(String key, Duration ttl) {
            return true;
        }

        @Override
        public void forget(String key) {}
    };
}
