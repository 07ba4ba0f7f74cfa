package dev.switchboard.core.memory;

import dev.switchboard.core.work.RateLimiter;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/** Slot reservation in one process (a GCRA with no burst): the next free slot per key. */
public final class InMemoryRateLimiter implements RateLimiter {
    private final ConcurrentHashMap<String, Long> nextFreeNanos = new ConcurrentHashMap<>();

    @Override
    public Duration reserve(String key, Duration spacing) {
        if (spacing.isZero() || spacing.isNegative()) return Duration.ZERO;
        long now = System.nanoTime();
        long[] slot = new long[1];
        nextFreeNanos.compute(key, (k, next) -> {
            slot[0] = next == null || next - now < 0 ? now : next;
            return slot[0] + spacing.toNanos();
        });
        return Duration.ofNanos(Math.max(0, slot[0] - now));
    }
}
