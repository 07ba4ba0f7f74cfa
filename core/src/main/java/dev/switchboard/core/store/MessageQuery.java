package dev.switchboard.core.store;

/**
 * Filters for listing a tenant's messages; null fields do not filter. Newest conversation first,
 * messages in sequence order within a conversation.
 */
public record MessageQuery(String conversationId, String channelAccountId, String contactId, int limit, int offset) {
    public MessageQuery {
        if (limit <= 0) limit = 100;
        if (offset < 0) offset = 0;
    }

    public static MessageQuery all() {
        return new MessageQuery(null, null, null, 100, 0);
    }

    public static MessageQuery conversation(String conversationId) {
        return new MessageQuery(conversationId, null, null, 1000, 0);
    }
}
