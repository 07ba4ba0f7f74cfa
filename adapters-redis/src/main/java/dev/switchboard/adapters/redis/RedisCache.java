package dev.switchboard.adapters.redis;

import dev.switchboard.core.support.InvalidInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * A shared cache of strings with a time to live (the phone-number → agent mapping, credit
 * balances…); callers serialize their values. Entries live under {@code cache:<key>}.
 *
 * <p>A cache must never break the flow it speeds up: when Redis cannot be reached {@link #get} is
 * a miss and {@link #put} does nothing; an {@link #invalidate} that cannot reach Redis is logged and
 * the entry ends with its ttl. A value read from the database just before an admin write and put
 * just after that write's invalidation stays stale until its ttl: keep ttls short.
 */
public final class RedisCache {
    private static final Logger LOG = LoggerFactory.getLogger(RedisCache.class);
    private static final int SCAN_BATCH = 500;

    private final JedisPooled redis;
    private final String prefix;
    private final Outage outage;

    RedisCache(JedisPooled redis, String keyPrefix) {
        this.redis = redis;
        this.outage = new Outage(LOG, "the cache", redis);
        this.prefix = keyPrefix + "cache:";
    }

    public Optional<String> get(String key) {
        check(key);
        try {
            String v = redis.get(prefix + key);
            outage.succeeded();
            return Optional.ofNullable(v);
        } catch (JedisException e) {
            if (!outage.noted(e, "every lookup is a miss")) throw e;
            return Optional.empty();
        }
    }

    public void put(String key, String value, Duration ttl) {
        check(key);
        if (value == null) throw new InvalidInputException("value", "is required");
        if (ttl == null || ttl.toMillis() < 1) throw new InvalidInputException("ttl", "must be at least 1 ms");
        try {
            redis.set(prefix + key, value, SetParams.setParams().px(ttl.toMillis()));
            outage.succeeded();
        } catch (JedisException e) {
            if (!outage.noted(e, "every lookup is a miss")) throw e;
        }
    }

    /** The cached value, or {@code loader}'s (cached for {@code ttl} unless null). */
    public Optional<String> getOrLoad(String key, Duration ttl, Supplier<String> loader) {
        Optional<String> hit = get(key);
        if (hit.isPresent()) return hit;
        String loaded = loader.get();
        if (loaded != null) put(key, loaded, ttl);
        return Optional.ofNullable(loaded);
    }

    public void invalidate(String key) {
        check(key);
        try {
            redis.del(prefix + key);
        } catch (JedisException e) {
            if (!outage.noted(e, "every lookup is a miss")) throw e;
            LOG.warn("a cache entry could not be invalidated (Redis unreachable); it ends with its ttl");
        }
    }

    /** Removes every entry whose key starts with {@code keyPrefix}. @return how many were removed */
    public long invalidatePrefix(String keyPrefix) {
        check(keyPrefix);
        String match = prefix + escapeGlob(keyPrefix) + "*";
        long removed = 0;
        try {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = redis.scan(cursor, new ScanParams().match(match).count(SCAN_BATCH));
                List<String> keys = new ArrayList<>(page.getResult());
                if (!keys.isEmpty()) removed += redis.unlink(keys.toArray(String[]::new));
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        } catch (JedisException e) {
            if (!outage.noted(e, "every lookup is a miss")) throw e;
            LOG.warn("cache entries under a prefix could not be invalidated (Redis unreachable); they end with their ttl");
        }
        return removed;
    }

    private static void check(String key) {
        if (key == null || key.isEmpty()) throw new InvalidInputException("key", "is required");
    }

    /** SCAN's MATCH is a glob: a prefix with * ? [ ] or \ must match itself only. */
    private static String escapeGlob(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') b.append('\\');
            b.append(c);
        }
        return b.toString();
    }
}
