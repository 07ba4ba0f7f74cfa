package dev.switchboard.adapters.openai.internal;

import dev.switchboard.core.support.RetryAfter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before retry {@code n}: the server's own hint ({@code Retry-After-Ms}, then
 * {@code Retry-After} in seconds or as an HTTP date) when it gives a sane one, otherwise
 * {@code min(0.5 s · 2^(n-1), 8 s)} times a jitter of 0.75–1.0, as OpenAI's SDKs do.
 */
public final class Backoff {
    static final Duration BASE = Duration.ofMillis(500);
    static final Duration CAP = Duration.ofSeconds(8);
    /** Longer hints are ignored: a chat reply that waits a minute is already too late. */
    static final Duration MAX_SERVER_HINT = Duration.ofSeconds(60);

    private final DoubleSupplier jitter;

    public Backoff() {
        this(() -> ThreadLocalRandom.current().nextDouble(0.75, 1.0));
    }

    Backoff(DoubleSupplier jitter) {
        this.jitter = jitter;
    }

    /** @param retry 1 for the first retry */
    public Duration delay(int retry, String retryAfterMs, String retryAfter, Instant now) {
        Optional<Duration> hint = serverHint(retryAfterMs, retryAfter, now);
        if (hint.isPresent()) return hint.get();
        long exponential = BASE.toMillis() << Math.min(retry - 1, 16);
        long capped = Math.min(exponential, CAP.toMillis());
        return Duration.ofMillis(Math.round(capped * jitter.getAsDouble()));
    }

    static Optional<Duration> serverHint(String retryAfterMs, String retryAfter, Instant now) {
        Optional<Duration> hint = parseMillis(retryAfterMs).or(() -> RetryAfter.parse(retryAfter, now));
        return hint.filter(d -> !d.isNegative() && d.compareTo(MAX_SERVER_HINT) <= 0);
    }

    private static Optional<Duration> parseMillis(String value) {
        if (value == null || value.isBlank()) return Optional.empty();
        try {
            return Optional.of(Duration.ofMillis(Math.round(Double.parseDouble(value.strip()))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
