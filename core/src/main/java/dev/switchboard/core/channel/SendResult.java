package dev.switchboard.core.channel;

import java.time.Duration;

/**
 * The outcome of one send attempt, split by what the caller should do next. Channels map their
 * provider's errors here once; the engine retries only {@link Retryable} and {@link RateLimited}.
 */
public sealed interface SendResult {

    /** Accepted by the provider. Delivery is reported later by status webhooks. */
    record Sent(String externalId) implements SendResult {}

    /** A transient failure (5xx, timeout, temporary provider error): retry with backoff. */
    record Retryable(String code, String message) implements SendResult {}

    /** The provider asked us to slow down; retry after {@code retryAfter} (null: use backoff). */
    record RateLimited(Duration retryAfter, String code, String message) implements SendResult {}

    /**
     * Retrying cannot help (bad request, auth, recipient unreachable, window closed).
     *
     * @param cause what the failure means for the conversation, where the channel can tell; the
     *              engine records it on the conversation ({@link Cause#RECIPIENT_BLOCKED} sets its
     *              {@code recipientBlocked} flag, {@link Cause#WINDOW_CLOSED} closes its service window)
     */
    record Permanent(String code, String message, Cause cause) implements SendResult {
        public Permanent {
            cause = cause == null ? Cause.OTHER : cause;
        }

        /** A permanent failure with no meaning for the conversation beyond this message. */
        public Permanent(String code, String message) {
            this(code, message, Cause.OTHER);
        }
    }

    /** Why a send failed permanently, in words no provider owns. */
    enum Cause {
        /** Nothing the conversation needs to remember (a bad request, an auth error…). */
        OTHER,
        /** The recipient blocked the business (or otherwise refuses its messages). */
        RECIPIENT_BLOCKED,
        /** The customer service window is closed: only a template may be sent until the customer writes. */
        WINDOW_CLOSED
    }
}
