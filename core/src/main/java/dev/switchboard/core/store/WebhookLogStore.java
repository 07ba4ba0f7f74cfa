package dev.switchboard.core.store;

import dev.switchboard.core.domain.WebhookLogEntry;
import java.util.List;

/** Every webhook event processed, for debugging (seed 000's webhookLogs). */
public interface WebhookLogStore {
    void record(WebhookLogEntry entry);

    /**
     * Records every entry; a store that can should write them in one round trip and one transaction,
     * all or none (the engine's log writer hands over up to a few hundred at a time). If it throws,
     * the caller may retry the entries one by one with {@link #record} (an entry already written is
     * then refused as a duplicate id). The default records them one at a time.
     */
    default void recordAll(List<WebhookLogEntry> entries) {
        for (WebhookLogEntry e : entries) record(e);
    }

    /** Newest first. */
    List<WebhookLogEntry> recent(String tenantId, int limit);

    /** The entries {@code query} selects, newest first (received time, then write order), paged by its limit and offset. */
    List<WebhookLogEntry> find(WebhookLogQuery query);

    /**
     * Deletes up to {@code limit} entries received before {@code before}, oldest first (retention;
     * callers repeat while it returns {@code limit}, so no single call holds the table for long).
     *
     * @return how many were deleted
     */
    int deleteOlderThan(java.time.Instant before, int limit);
}
