package dev.switchboard.adapters.redis;

import dev.switchboard.core.work.RateLimiter;
import dev.switchboard.core.support.InvalidInputException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Sliding-window rate limits shared by every process: at most {@code permits} acquisitions of a
 * key within any {@code per}-long window (for outbound sends per phone number, for API keys…).
 * Each acquisition is a member of the sorted set {@code rate:<key>} scored with Redis's own clock,
 * so the processes' clocks do not matter; one script counts and admits atomically.
 *
 * <p>When Redis cannot be reached the limiter lets calls through (and logs the outage once): a
 * limit is a courtesy to the provider and to the API, not worth failing a send or a request for.
 */
public final class RedisRateLimiter implements RateLimiter {
    private static final Logger LOG = LoggerFactory.getLogger(RedisRateLimiter.class);
    private static final LuaScript WINDOW = LuaScript.source("""
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local permits, window = tonumber(ARGV[1]), tonumber(ARGV[2])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
            local used = redis.call('ZCARD', KEYS[1])
            if used < permits then
              if ARGV[4] == 'take' then
                redis.call('ZADD', KEYS[1], now, ARGV[3])
                redis.call('PEXPIRE', KEYS[1], window)
              end
              return 0
            end
            local oldest = redis.call('ZRANGE', KEYS[1], used - permits, used - permits, 'WITHSCORES')
            return math.max(1, tonumber(oldest[2]) + window - now)
            """);
    /**
     * One action per spacing, to the microsecond (Redis's own clock): the key holds when the next
     * action may go; answers 0 and moves it on, or the microseconds left. A {@code SET NX PX} would be
     * one command less but rounds to Redis's millisecond expiry: a 1 ms spacing became 1–2 ms.
     */
    private static final LuaScript PACE = LuaScript.source("""
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local free = tonumber(redis.call('GET', KEYS[1]))
            if free and free > now then return free - now end
            local spacing = tonumber(ARGV[1])
            redis.call('SET', KEYS[1], string.format('%.0f', now + spacing), 'PX', math.floor(spacing / 1000) + 1)
            return 0
            """);

    private final JedisPooled redis;
    private final ScriptPipeline scripts;
    private final String prefix;
    private final String pacePrefix;
    private final Outage outage;

    RedisRateLimiter(JedisPooled redis, ScriptPipeline scripts, String keyPrefix) {
        this.redis = redis;
        this.scripts = scripts;
        this.outage = new Outage(LOG, "rate limits", redis);
        this.prefix = keyPrefix + "rate:";
        this.pacePrefix = keyPrefix + "pace:";
    }

    /**
     * The engine's send pacing, shared by every process: one action per {@code spacing} per key, at
     * most as often as {@code spacing} even below a millisecond. One script call, no sorted set: the
     * key {@code pace:<key>} holds when the next action may go. Before, pacing went through the
     * sliding window (a sorted set, four commands and a random member per send, and millisecond
     * resolution), the largest Redis cost of a turn.
     */
    @Override
    public Duration tryAcquire(String key, Duration spacing) {
        if (spacing.isZero() || spacing.isNegative()) return Duration.ZERO;
        if (key == null || key.isBlank()) throw new InvalidInputException("key", "is required");
        long micros = Math.max(1, spacing.toNanos() / 1_000);
        return wait(PACE, pacePrefix + key, List.of(Long.toString(micros)), TimeUnit.MICROSECONDS);
    }

    /** Takes a permit if fewer than {@code permits} were taken in the last {@code per}. */
    public boolean tryAcquire(String key, int permits, Duration per) {
        return acquireOrWait(key, permits, per).isZero();
    }

    /**
     * Takes a permit if one is free and returns zero; otherwise takes nothing and returns how long
     * until one frees up.
     */
    public Duration acquireOrWait(String key, int permits, Duration per) {
        return run(key, permits, per, "take");
    }

    /** How long until a permit is free (zero: now), taking nothing. */
    public Duration waitTime(String key, int permits, Duration per) {
        return run(key, permits, per, "peek");
    }

    private Duration run(String key, int permits, Duration per, String mode) {
        if (key == null || key.isBlank()) throw new InvalidInputException("key", "is required");
        if (permits < 1) throw new InvalidInputException("permits", "must be at least 1");
        if (per == null || per.toMillis() < 1) throw new InvalidInputException("per", "must be at least 1 ms");
        return wait(WINDOW, prefix + key,
                List.of(Integer.toString(permits), Long.toString(per.toMillis()), UUID.randomUUID().toString(), mode),
                TimeUnit.MILLISECONDS);
    }

    /** Runs {@code script} on {@code key}; the wait it answers, in {@code unit}. While Redis is out: zero. */
    private Duration wait(LuaScript script, String key, List<String> args, TimeUnit unit) {
        if (outage.recentlyFailed()) return Duration.ZERO;
        try {
            Object wait = scripts.run(script, List.of(key), args);
            outage.succeeded();
            return Duration.of((Long) wait, unit.toChronoUnit());
        } catch (JedisException e) {
            if (!outage.noted(e, "rate limits are not enforced until it answers")) throw e;
            return Duration.ZERO;
        }
    }
}
