package dev.switchboard.core.support;

import java.time.Clock;
import java.time.Duration;

/**
 * At most {@code perMinute} log lines a minute for one source (a webhook route flooded with forged
 * deliveries must not flood the log): {@link #take()} says whether this line may be written. A fixed
 * one-minute window; thread-safe.
 */
public final class LogBudget {
    private static final long MINUTE = Duration.ofMinutes(1).toMillis();
    private final int perMinute;
    private final Clock clock;
    private long windowStart = Long.MIN_VALUE;
    private int used;

    public LogBudget(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    public synchronized boolean take() {
        long now = clock.millis();
        if (windowStart == Long.MIN_VALUE || now - windowStart >= MINUTE) {
            windowStart = now;
            used = 0;
        }
        if (used >= perMinute) return false;
        used++;
        return true;
    }
}
