package dev.switchboard.core.store;

/**
 * Filters for listing a tenant's contacts, newest last message first; null fields do not filter.
 *
 * @param q matches the name or phone as {@link SearchText} says
 */
public record ContactQuery(String channel, String q, int limit, int offset) {
    public ContactQuery {
        if (limit <= 0) limit = 50;
        if (offset < 0) offset = 0;
        q = SearchText.normalise(q);
    }
}
