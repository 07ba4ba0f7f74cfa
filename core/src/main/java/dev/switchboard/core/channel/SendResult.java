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

    /** Retrying cannot help (bad request, auth, recipient unreachable, window closed). */
    record Permanent(String code, String message) implements SendResult {}
}
