package dev.switchboard.core.store;

/**
 * Filters for reading the webhook log, newest first; null filters do not filter.
 *
 * @param tenantId the tenant whose entries to list; null lists the entries that matched no tenant
 *                 (never every tenant's: a query is always scoped)
 * @param channel  the channel type
 * @param provider the provider beside it
 * @param success  true for processed entries, false for ignored or failed ones
 */
public record WebhookLogQuery(String tenantId, String channel, String provider, Boolean success, int limit, int offset) {
    public static final int MAX_LIMIT = 500;

    public WebhookLogQuery {
        if (limit <= 0) limit = 50;
        if (limit > MAX_LIMIT) limit = MAX_LIMIT;
        if (offset < 0) offset = 0;
    }

    /** Whether an entry passes these filters. */
    public boolean matches(dev.switchboard.core.domain.WebhookLogEntry e) {
        return java.util.Objects.equals(tenantId, e.tenantId())
                && (channel == null || channel.equals(e.channel()))
                && (provider == null || provider.equals(e.provider()))
                && (success == null || success == e.success());
    }
}
