package dev.switchboard.runner.http;

import dev.switchboard.adapters.redis.RedisRateLimiter;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API_RATE_LIMIT: at most {@code perMinute} admin API requests a minute from one client address.
 * On one node, a token bucket (Bucket4j) that refills evenly; with Redis, a sliding window shared by
 * every server node (the Redis adapter's limiter), so adding nodes does not multiply the limit.
 */
abstract sealed class ApiRateLimit {
    final long perMinute;

    private ApiRateLimit(long perMinute) {
        if (perMinute < 1) throw new IllegalArgumentException("perMinute must be at least 1");
        this.perMinute = perMinute;
    }

    /** The outcome of one request: allowed or not, what is left (-1: not known), when to come back. */
    record Decision(boolean allowed, long remaining, Duration retryAfter) {}

    abstract Decision take(String client);

    /** @return null when {@code perMinute} is 0 (no limit) */
    static ApiRateLimit create(long perMinute, RedisRateLimiter shared) {
        if (perMinute == 0) return null;
        return shared == null ? new Local(perMinute) : new Shared(perMinute, shared);
    }

    /**
     * Token buckets in this process. Buckets that have refilled are dropped when the table grows, so
     * a scan from many addresses cannot grow it without bound.
     */
    static final class Local extends ApiRateLimit {
        private static final int PRUNE_ABOVE = 10_000;
        private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

        Local(long perMinute) {
            super(perMinute);
        }

        @Override
        Decision take(String client) {
            if (buckets.size() > PRUNE_ABOVE) buckets.entrySet().removeIf(e -> e.getValue().getAvailableTokens() >= perMinute);
            Bucket bucket = buckets.computeIfAbsent(client, c -> Bucket.builder()
                    .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                    .build());
            ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
            return new Decision(probe.isConsumed(), probe.getRemainingTokens(), Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }

    /** A sliding minute on Redis, shared by every node; lets requests through while Redis is away. */
    static final class Shared extends ApiRateLimit {
        private final RedisRateLimiter redis;

        Shared(long perMinute, RedisRateLimiter redis) {
            super(perMinute);
            this.redis = redis;
        }

        @Override
        Decision take(String client) {
            Duration wait = redis.acquireOrWait("api:" + client, (int) Math.min(perMinute, Integer.MAX_VALUE), Duration.ofMinutes(1));
            return new Decision(wait.isZero(), -1, wait);
        }
    }
}
