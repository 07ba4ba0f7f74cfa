package dev.switchboard.adapters.redis;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Redis not answering, seen by one component: logs the start and the end of an outage once each,
 * however many calls fail in between, and drops the pool's idle connections on every failure, since
 * they are as dead as the one that failed and would each fail once more after Redis is back.
 */
final class Outage {
    private final Logger log;
    private final String what;
    private final JedisPooled redis;
    private final AtomicBoolean down = new AtomicBoolean();

    Outage(Logger log, String what, JedisPooled redis) {
        this.log = log;
        this.what = what;
        this.redis = redis;
    }

    /** Redis did not answer (as opposed to refusing a command, which is a bug to surface). */
    static boolean unavailable(JedisException e) {
        return !(e instanceof JedisDataException);
    }

    /** @return whether {@code e} means Redis is unreachable; if so the outage is noted */
    boolean noted(JedisException e, String consequence) {
        if (!unavailable(e)) return false;
        dropIdleConnections(redis);
        if (down.compareAndSet(false, true)) {
            log.warn("Redis unreachable for {} ({}); {}", what, e.getMessage(), consequence);
        }
        return true;
    }

    void succeeded() {
        if (down.get() && down.compareAndSet(true, false)) log.info("Redis answers again for {}", what);
    }

    static void dropIdleConnections(JedisPooled redis) {
        try {
            redis.getPool().clear();
        } catch (RuntimeException ignored) {
            // a pool that is closing has nothing to drop
        }
    }
}
