package dev.switchboard.runner.http.webchat;

/**
 * Tells a visitor's live stream that messages of its tenant were stored, by this process or any
 * other sharing the storage (a separate worker, another server node). It only wakes: the stream then
 * reads its own visitor's messages from the store, so what one visitor hears never depends on
 * another's.
 */
@FunctionalInterface
public interface MessageFeed {
    /**
     * Calls {@code wake} after new messages of the tenant are stored, from a thread of the feed's
     * (so {@code wake} must return at once and not throw), until the subscription is closed.
     */
    Subscription subscribe(String tenantId, Runnable wake);

    /** Closing it stops the calls; a feed with no subscriber left stops reading. */
    @FunctionalInterface
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
