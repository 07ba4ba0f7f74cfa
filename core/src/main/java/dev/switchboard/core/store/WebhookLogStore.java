package dev.switchboard.core.store;

import dev.switchboard.core.domain.WebhookLogEntry;
import java.util.List;

/** Every webhook event processed, for debugging (seed 000's webhookLogs). */
public interface WebhookLogStore {
    void record(WebhookLogEntry entry);

    /** Newest first. */
    List<WebhookLogEntry> recent(String tenantId, int limit);
}
