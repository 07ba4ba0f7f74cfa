package dev.switchboard.runner.http;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API_RATE_LIMIT: at most {@code perMinute} admin API requests a minute from one client address,
 * as a token bucket (Bucket4j) that refills evenly, so a client may burst up to the limit and then
 * goes at the refill pace. Each server node counts on its own. Buckets that have refilled are
 * dropped when the table grows, so a scan from many addresses cannot grow it without bound.
 */
final class ApiRateLimit {
    private static final int PRUNE_ABOVE = 10_000;

    private final long perMinute;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    ApiRateLimit(long perMinute) {
        if (perMinute < 1) throw new IllegalArgumentException("perMinute must be at least 1");
        this.perMinute = perMinute;
    }

    /** The outcome of one request: allowed or not, what is left, and when to come back. */
    record Decision(boolean allowed, long remaining, Duration retryAfter) {}

    Decision take(String client) {
        if (buckets.size() > PRUNE_ABOVE) prune();
        Bucket bucket = buckets.computeIfAbsent(client, c -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return new Decision(probe.isConsumed(), probe.getRemainingTokens(), Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    long limit() {
        return perMinute;
    }

    private void prune() {
        buckets.entrySet().removeIf(e -> e.getValue().getAvailableTokens() >= perMinute);
    }
}
