package dev.switchboard.adapters.redis;

import dev.switchboard.core.support.InvalidInputException;
import dev.switchboard.core.work.Locks;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;

/**
 * {@link Locks} on Redis: the lock is {@code lock:<key>} holding its fencing token, set only if
 * absent and with the ttl as expiry; the token comes from {@code fence:<key>}, incremented in the
 * same script, so a later holder always has a larger token. Extending and releasing compare the
 * token first, so a holder whose lock expired cannot touch the next holder's lock.
 *
 * <p>The fencing counter expires {@value #FENCE_KEEP_DAYS} days after the key's last acquisition,
 * long after any holder it could be compared with has gone.
 */
public final class RedisLocks implements Locks {
    private static final long FENCE_KEEP_DAYS = 7;
    private static final LuaScript ACQUIRE = LuaScript.source("""
            if redis.call('EXISTS', KEYS[1]) == 1 then return false end
            local token = redis.call('INCR', KEYS[2])
            redis.call('PEXPIRE', KEYS[2], ARGV[2])
            redis.call('SET', KEYS[1], token, 'PX', ARGV[1])
            return token
            """);
    private static final LuaScript EXTEND = LuaScript.source("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
            return 0
            """);
    private static final LuaScript RELEASE = LuaScript.source("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """);

    private static final Logger LOG = LoggerFactory.getLogger(RedisLocks.class);

    private final JedisPooled redis;
    private final ScriptPipeline scripts;
    private final String prefix;
    private final Outage outage;

    RedisLocks(JedisPooled redis, ScriptPipeline scripts, String keyPrefix) {
        this.redis = redis;
        this.scripts = scripts;
        this.outage = new Outage(LOG, "conversation locks", redis);
        this.prefix = keyPrefix;
    }

    @Override
    public Optional<Lock> tryAcquire(String key, Duration ttl) {
        if (key == null || key.isBlank()) throw new InvalidInputException("key", "is required");
        long ms = millis(ttl);
        long fenceTtl = Math.max(ms, Duration.ofDays(FENCE_KEEP_DAYS).toMillis());
        Object token = call(() -> scripts.run(ACQUIRE, List.of(lockKey(key), prefix + "fence:" + key),
                List.of(Long.toString(ms), Long.toString(fenceTtl))));
        return token instanceof Long t ? Optional.of(new RedisLock(key, t)) : Optional.empty();
    }

    /** Runs a call; when Redis does not answer, notes the outage and throws: exclusion cannot be faked. */
    private Object call(java.util.function.Supplier<Object> call) {
        try {
            Object result = call.get();
            outage.succeeded();
            return result;
        } catch (JedisException e) {
            outage.noted(e, "no conversation can be locked until it answers");
            throw e;
        }
    }

    private String lockKey(String key) {
        return prefix + "lock:" + key;
    }

    private static long millis(Duration ttl) {
        if (ttl == null || ttl.toMillis() < 1) throw new InvalidInputException("ttl", "must be at least 1 ms");
        return ttl.toMillis();
    }

    private final class RedisLock implements Lock {
        private final String key;
        private final long token;

        RedisLock(String key, long token) {
            this.key = key;
            this.token = token;
        }

        @Override
        public String key() {
            return key;
        }

        @Override
        public long fencingToken() {
            return token;
        }

        @Override
        public boolean extend(Duration ttl) {
            Object r = call(() -> scripts.run(EXTEND, List.of(lockKey(key)), List.of(Long.toString(token), Long.toString(millis(ttl)))));
            return Long.valueOf(1).equals(r);
        }

        @Override
        public void close() {
            call(() -> scripts.run(RELEASE, List.of(lockKey(key)), List.of(Long.toString(token))));
        }
    }
}
