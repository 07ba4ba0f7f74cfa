package dev.switchboard.core.usecase;

import dev.switchboard.core.domain.WebhookLogEntry;
import dev.switchboard.core.store.WebhookLogQuery;
import dev.switchboard.core.store.WebhookLogStore;
import java.util.List;

/** Reading the webhook log: one tenant's deliveries, or (for the operator of the deployment) those that matched no tenant. */
public final class WebhookLogs {
    private final WebhookLogStore store;
    private final Tenants tenants;

    public WebhookLogs(WebhookLogStore store, Tenants tenants) {
        this.store = store;
        this.tenants = tenants;
    }

    /**
     * The tenant's entries the filters select, newest first.
     *
     * @throws dev.switchboard.core.support.NotFoundException when the tenant does not exist
     */
    public List<WebhookLogEntry> list(String tenantId, String channel, String provider, Boolean success, int limit, int offset) {
        tenants.get(tenantId);
        return store.find(new WebhookLogQuery(tenantId, channel, provider, success, limit, offset));
    }

    /** Authenticated deliveries that matched no tenant (unknown account, malformed body), newest first. */
    public List<WebhookLogEntry> unmatched(String channel, String provider, Boolean success, int limit, int offset) {
        return store.find(new WebhookLogQuery(null, channel, provider, success, limit, offset));
    }
}
