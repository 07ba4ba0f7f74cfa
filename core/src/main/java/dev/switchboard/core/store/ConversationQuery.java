package dev.switchboard.core.store;

import dev.switchboard.core.domain.ConversationStatus;
import java.util.Locale;
import java.util.Optional;

/**
 * Filters for listing a tenant's conversations; null fields do not filter.
 *
 * @param q         matches the contact's name (case-insensitive, part of it) or, when it reads as a
 *                  phone number, the digits of the contact's phone ({@link SearchText})
 * @param contactId only this contact's conversations
 * @param sort      the order; null is {@link Sort#LAST_ACTIVITY}
 */
public record ConversationQuery(ConversationStatus status, String channel, String agentId, String q, String contactId,
                                Sort sort, int limit, int offset) {
    public ConversationQuery {
        if (limit <= 0) limit = 50;
        if (offset < 0) offset = 0;
        if (sort == null) sort = Sort.LAST_ACTIVITY;
        q = SearchText.normalise(q);
    }

    public ConversationQuery(ConversationStatus status, String channel, String agentId, int limit, int offset) {
        this(status, channel, agentId, null, null, null, limit, offset);
    }

    public static ConversationQuery all() {
        return new ConversationQuery(null, null, null, 50, 0);
    }

    /** Every conversation of one contact, newest activity first. */
    public static ConversationQuery ofContact(String contactId, int limit) {
        return new ConversationQuery(null, null, null, null, contactId, null, limit, 0);
    }

    /** Orders; ties break on the conversation id. */
    public enum Sort {
        /** Newest message (either direction) first. */
        LAST_ACTIVITY,
        /** Newest conversation first. */
        CREATED_AT;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Sort> fromWire(String value) {
            if (value == null) return Optional.empty();
            for (Sort s : values()) {
                if (s.wire().equals(value.trim().toLowerCase(Locale.ROOT))) return Optional.of(s);
            }
            return Optional.empty();
        }
    }
}
