package dev.switchboard.core.store;

/**
 * A tenant's durable log of changes an operator's screen follows live (a message stored, a delivery
 * status moved, a conversation's status changed). Each event names its resource; a reader renders
 * the resource as it is when it reads, so the log stays small and holds no customer text.
 *
 * <p>Contract every implementation keeps, pinned by the contract kit:
 * <ul>
 *   <li>ids are per tenant 1, 2, 3… and become visible in id order: once a reader has seen id
 *       {@code n}, no event with an id below {@code n} appears later (an implementation assigns the
 *       id under a per-tenant lock held until its write commits), so "everything after my last id"
 *       never skips one;</li>
 *   <li>at least the newest {@link #retained()} events of each tenant are kept; older ones are
 *       pruned, and {@link #read} says {@link EventPage#reset()} when a reader's id is older than
 *       what is kept (or newer than anything written).</li>
 * </ul>
 * Thread-safe; shared by every process on the same storage. Errors propagate as unchecked
 * exceptions of the storage.
 */
public interface EventLog {

    /** How many events per tenant a log keeps at least. */
    int DEFAULT_RETAINED = 10_000;

    /**
     * Appends an event to the tenant's log.
     *
     * @param type       one of {@link StoredEvent}'s type names
     * @param resourceId the message or conversation id the event is about
     * @return the event's id
     */
    long append(String tenantId, String type, String resourceId);

    /** One event of {@link #appendAll}: its type (one of {@link StoredEvent}'s names) and resource. */
    record Entry(String type, String resourceId) {}

    /**
     * Appends the events one write caused, in order, to the tenant's log: together, in one commit,
     * where the log can (the default appends them one by one).
     *
     * @return their ids, in order
     */
    default long[] appendAll(String tenantId, java.util.List<Entry> entries) {
        long[] ids = new long[entries.size()];
        for (int i = 0; i < ids.length; i++) ids[i] = append(tenantId, entries.get(i).type(), entries.get(i).resourceId());
        return ids;
    }

    /**
     * As {@link #appendAll}, without waiting where the log can: the events are queued and appended in
     * order, and the caller goes on (a webhook is answered without waiting for its event's commit).
     * A failure is the log's to report; an event is lost only if the process dies before it is written.
     * The default appends at once, as {@link #appendAll}.
     *
     * @return completes once the events are written (or given up on and logged); never exceptionally
     */
    default java.util.concurrent.CompletionStage<Void> appendLater(String tenantId, java.util.List<Entry> entries) {
        appendAll(tenantId, entries);
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    /**
     * The tenant's events after {@code afterId}, oldest first, at most {@code limit}. {@code afterId}
     * 0 asks from the beginning (a reset if some were pruned already).
     */
    EventPage read(String tenantId, long afterId, int limit);

    /** The tenant's newest event id, 0 when it has none. */
    long head(String tenantId);

    /** How many events per tenant are kept at least. */
    int retained();

    /** A log that keeps nothing: appends are dropped, reads are empty. */
    EventLog NONE = new EventLog() {
        @Override
        public long append(String tenantId, String type, String resourceId) {
            return 0;
        }

        @Override
        public EventPage read(String tenantId, long afterId, int limit) {
            return new EventPage(java.util.List.of(), false);
        }

        @Override
        public long head(String tenantId) {
            return 0;
        }

        @Override
        public int retained() {
            return 0;
        }
    };
}
