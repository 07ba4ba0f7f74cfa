package dev.switchboard.core.work;

import java.util.function.Consumer;

/**
 * Tells every process of a deployment that something it may have cached changed. The engine keeps
 * the webhook path's lookups (account, agent) in each process, so a delivery costs no read; an admin
 * write on one node publishes here, and every node, this one included, drops what it cached.
 *
 * <p>Delivery is best effort: {@link #publish} never fails the write that calls it, and a subscriber
 * that may have missed messages (its connection dropped) is handed {@link #EVERYTHING}, after which
 * it must drop all it cached. Caches keep a time to live as the last line of defence.
 */
public interface Invalidations extends AutoCloseable {

    /** Sent to a subscriber that may have missed messages: forget everything. */
    String EVERYTHING = "*";

    /** Tells every subscriber, in this process and in others, that {@code topic} changed. */
    void publish(String topic);

    /**
     * {@code listener} hears every topic published from now on (and {@link #EVERYTHING} after a gap).
     * It runs on the implementation's thread: keep it short, and never let it throw.
     *
     * @return closing it stops the listener
     */
    Subscription subscribe(Consumer<String> listener);

    /** A listener's registration. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /** Stops delivering to every subscriber. */
    @Override
    default void close() {}
}
