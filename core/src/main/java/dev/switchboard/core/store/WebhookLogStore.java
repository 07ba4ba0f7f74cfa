package dev.switchboard.core.store;

import dev.switchboard.core.domain.WebhookLogEntry;
import java.util.List;

/** Every webhook event processed, for debugging (seed 000's webhookLogs). */
public interface WebhookLogStore {
    void record(WebhookLogEntry entry);

    /** Newest first. */
    List<WebhookLogEntry> recent(String tenantId, int limit);

    /**
     * Deletes up to {@code limit} entries received before {@code before}, oldest first (retention;
     * callers repeat while it returns {@code limit}, so no single call holds the table for long).
     *
     * @return how many were deleted
     */
    int deleteOlderThan(java.time.Instant before, int limit);
}
