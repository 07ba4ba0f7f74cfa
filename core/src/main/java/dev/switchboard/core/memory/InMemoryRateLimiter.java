package dev.switchboard.core.memory;

import dev.switchboard.core.work.RateLimiter;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/** Pacing in one process: per key, the earliest time the next action may happen. */
public final class InMemoryRateLimiter implements RateLimiter {
    private final ConcurrentHashMap<String, Long> nextFreeNanos = new ConcurrentHashMap<>();

    @Override
    public Duration tryAcquire(String key, Duration spacing) {
        if (spacing.isZero() || spacing.isNegative()) return Duration.ZERO;
        long now = System.nanoTime();
        long[] wait = new long[1];
        nextFreeNanos.compute(key, (k, next) -> {
            if (next != null && next - now > 0) {
                wait[0] = next - now;
                return next;
            }
            wait[0] = 0;
            return now + spacing.toNanos();
        });
        return Duration.ofNanos(wait[0]);
    }
}
