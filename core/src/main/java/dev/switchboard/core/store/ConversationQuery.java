package dev.switchboard.core.store;

import dev.switchboard.core.domain.ConversationStatus;

/** Filters for listing a tenant's conversations, newest activity first; null fields do not filter. */
public record ConversationQuery(ConversationStatus status, String channel, String agentId, int limit, int offset) {
    public ConversationQuery {
        if (limit <= 0) limit = 50;
        if (offset < 0) offset = 0;
    }

    public static ConversationQuery all() {
        return new ConversationQuery(null, null, null, 50, 0);
    }
}
