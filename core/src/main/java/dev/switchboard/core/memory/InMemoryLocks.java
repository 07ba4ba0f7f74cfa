package dev.switchboard.core.memory;

import dev.switchboard.core.work.Locks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Locks for one process, with expiry and per-key fencing tokens. */
public final class InMemoryLocks implements Locks {
    private final Clock clock;
    private final Map<String, Holder> held = new HashMap<>();
    private final Map<String, Long> lastToken = new HashMap<>();

    private record Holder(long token, Instant expiresAt) {}

    public InMemoryLocks(Clock clock) {
        this.clock = clock;
    }

    public static InMemoryLocks create() {
        return new InMemoryLocks(Clock.systemUTC());
    }

    @Override
    public synchronized Optional<Lock> tryAcquire(String key, Duration ttl) {
        Instant now = clock.instant();
        Holder h = held.get(key);
        if (h != null && h.expiresAt().isAfter(now)) return Optional.empty();
        long token = lastToken.merge(key, 1L, Long::sum);
        held.put(key, new Holder(token, now.plus(ttl)));
        return Optional.of(new MemoryLock(key, token));
    }

    private final class MemoryLock implements Lock {
        private final String key;
        private final long token;

        MemoryLock(String key, long token) {
            this.key = key;
            this.token = token;
        }

        public String key() {
            return key;
        }

        public long fencingToken() {
            return token;
        }

        public boolean extend(Duration ttl) {
            synchronized (InMemoryLocks.this) {
                Holder h = held.get(key);
                if (h == null || h.token() != token || h.expiresAt().isBefore(clock.instant())) return false;
                held.put(key, new Holder(token, clock.instant().plus(ttl)));
                return true;
            }
        }

        public void close() {
            synchronized (InMemoryLocks.this) {
                Holder h = held.get(key);
                if (h != null && h.token() == token) held.remove(key);
            }
        }
    }
}
