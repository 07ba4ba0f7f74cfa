package dev.switchboard.core.store;

import java.time.Instant;

/**
 * One entry of a tenant's {@link EventLog}.
 *
 * @param id         per tenant, increasing
 * @param type       {@link #MESSAGE_CREATED}, {@link #MESSAGE_UPDATED} or {@link #CONVERSATION_UPDATED}
 * @param resourceId the message id for message events, the conversation id for conversation events
 */
public record StoredEvent(String tenantId, long id, String type, String resourceId, Instant at) {
    /** A message was stored: inbound, a bot reply, an operator's or an echo. */
    public static final String MESSAGE_CREATED = "message.created";
    /** A message's delivery status, attempts or text changed. */
    public static final String MESSAGE_UPDATED = "message.updated";
    /** A conversation was opened or its status (who handles it) changed. */
    public static final String CONVERSATION_UPDATED = "conversation.updated";

    /** Whether the resource is a message (else a conversation). */
    public boolean aboutMessage() {
        return type.startsWith("message.");
    }
}
