package dev.switchboard.core.memory;

import dev.switchboard.core.work.Dedup;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/** Dedup keys in one process, dropped after their ttl. */
public final class InMemoryDedup implements Dedup {
    private static final int PURGE_EVERY = 10_000;

    private final Clock clock;
    private final ConcurrentHashMap<String, Instant> seen = new ConcurrentHashMap<>();

    public InMemoryDedup(Clock clock) {
        this.clock = clock;
    }

    public static InMemoryDedup create() {
        return new InMemoryDedup(Clock.systemUTC());
    }

    @Override
    public boolean firstSeen(String key, Duration ttl) {
        Instant now = clock.instant();
        boolean[] first = {false};
        seen.compute(key, (k, expires) -> {
            if (expires == null || !expires.isAfter(now)) {
                first[0] = true;
                return now.plus(ttl);
            }
            return expires;
        });
        if (first[0] && seen.size() % PURGE_EVERY == 0) seen.values().removeIf(e -> !e.isAfter(now));
        return first[0];
    }

    @Override
    public void forget(String key) {
        seen.remove(key);
    }
}
