package dev.switchboard.core.store;

import dev.switchboard.core.domain.DeliveryStatus;

/**
 * The result of sending an outbound message, after all attempts.
 *
 * @param windowClosed     the provider said the customer service window is closed: the store marks
 *                         the conversation's {@code windowClosedAt}, and no free-form send is
 *                         attempted until the customer writes again
 * @param recipientBlocked the provider said the recipient blocked us: the store sets the
 *                         conversation's {@code recipientBlocked} flag
 */
public record SendOutcome(DeliveryStatus status, String externalId, int attempts, String errorCode, String lastError,
                          boolean windowClosed, boolean recipientBlocked) {

    /** An outcome with no effect on the conversation. */
    public SendOutcome(DeliveryStatus status, String externalId, int attempts, String errorCode, String lastError) {
        this(status, externalId, attempts, errorCode, lastError, false, false);
    }
}
