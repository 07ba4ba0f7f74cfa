package dev.switchboard.adapters.redis;

import dev.switchboard.core.support.InvalidInputException;
import dev.switchboard.core.work.Dedup;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * {@link Dedup} on Redis: {@code SET dedup:<key> NX PX ttl}. When Redis cannot be reached every key
 * counts as first seen: the store's unique keys still refuse a true duplicate, and a webhook is
 * not refused because its cheap first check is down.
 */
public final class RedisDedup implements Dedup {
    private static final Logger LOG = LoggerFactory.getLogger(RedisDedup.class);

    private final JedisPooled redis;
    private final String prefix;
    private final Outage outage;

    RedisDedup(JedisPooled redis, String keyPrefix) {
        this.redis = redis;
        this.outage = new Outage(LOG, "webhook dedup", redis);
        this.prefix = keyPrefix + "dedup:";
    }

    @Override
    public boolean firstSeen(String key, Duration ttl) {
        if (key == null || key.isEmpty()) throw new InvalidInputException("key", "is required");
        if (ttl == null || ttl.toMillis() < 1) throw new InvalidInputException("ttl", "must be at least 1 ms");
        try {
            boolean first = redis.set(prefix + key, "1", SetParams.setParams().nx().px(ttl.toMillis())) != null;
            outage.succeeded();
            return first;
        } catch (JedisException e) {
            if (!outage.noted(e, "duplicates are caught by the database's unique keys meanwhile")) throw e;
            return true;
        }
    }

    @Override
    public void forget(String key) {
        if (key == null || key.isEmpty()) throw new InvalidInputException("key", "is required");
        try {
            redis.del(prefix + key);
        } catch (JedisException e) {
            if (!outage.noted(e, "duplicates are caught by the database's unique keys meanwhile")) throw e;
        }
    }
}
