package dev.switchboard.adapters.redis;

import dev.switchboard.core.memory.InMemoryInvalidations;
import dev.switchboard.core.work.Invalidations;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Invalidations over Redis pub/sub, on the channel {@code <prefix>invalidations}: {@link #publish}
 * is a PUBLISH, and one subscriber connection per process hands each message to the listeners.
 *
 * <p>Pub/sub forgets what it could not deliver, so every (re)subscription first hands listeners
 * {@link #EVERYTHING}: a process that lost its connection, or started late, drops all it cached.
 * The subscriber pings every {@code pingEvery}; a connection that answers no ping for three rounds
 * (a network partition that never closed the socket) is closed and opened again. A publish that
 * cannot reach Redis is logged once per outage and still reaches this process's listeners; other
 * processes hear {@link #EVERYTHING} when their connection comes back, or see their entries expire.
 */
public final class RedisInvalidations implements Invalidations {
    private static final Logger LOG = LoggerFactory.getLogger(RedisInvalidations.class);
    private static final long MAX_BACKOFF_MS = 2_000;

    private final JedisPooled redis;
    private final Supplier<Jedis> connect;
    private final String channel;
    private final Duration pingEvery;
    private final Outage outage;
    /** This process's listeners; what arrives from Redis (or cannot go through it) is published here. */
    private final InMemoryInvalidations local = new InMemoryInvalidations();
    private final Thread subscriber;
    private final Thread pinger;
    private volatile boolean closed;
    private volatile Jedis connection;
    private volatile Subscriber current;
    private volatile boolean subscribed;
    private boolean failing; // subscriber thread only

    RedisInvalidations(JedisPooled redis, Supplier<Jedis> connect, String keyPrefix, Duration pingEvery) {
        this.redis = redis;
        this.connect = connect;
        this.channel = keyPrefix + "invalidations";
        this.pingEvery = pingEvery;
        this.outage = new Outage(LOG, "cache invalidations", redis);
        this.subscriber = Thread.ofVirtual().name("switchboard-invalidations").start(this::subscribeLoop);
        this.pinger = Thread.ofVirtual().name("switchboard-invalidations-ping").start(this::pingLoop);
    }

    @Override
    public void publish(String topic) {
        if (topic == null || topic.isEmpty()) throw new IllegalArgumentException("topic is required");
        if (!outage.recentlyFailed()) {
            try {
                redis.publish(channel, topic);
                outage.succeeded();
                // delivered to this process too, through its own subscription; without one, deliver here
                if (subscribed) return;
            } catch (JedisException e) {
                if (!outage.noted(e, "other processes see admin changes when Redis is back or their cache expires")) throw e;
            }
        }
        deliver(topic);
    }

    @Override
    public Subscription subscribe(Consumer<String> listener) {
        return local.subscribe(listener);
    }

    /** Whether the subscriber connection is up (for tests and health). */
    public boolean subscribed() {
        return subscribed;
    }

    private void deliver(String topic) {
        local.publish(topic);
    }

    /** Runs on the subscriber thread, as do the {@link Subscriber} callbacks. */
    private void subscribeLoop() {
        long backoff = 100;
        while (!closed) {
            Subscriber s = new Subscriber();
            try (Jedis jedis = connect.get()) {
                connection = jedis;
                current = s;
                if (closed) return;
                jedis.subscribe(s, channel);
            } catch (JedisException | IllegalStateException e) {
                if (closed) return;
                if (!failing) LOG.warn("cache invalidation subscriber lost Redis ({}); retrying", e.getMessage());
                failing = true;
            } finally {
                subscribed = false;
                connection = null;
                current = null;
            }
            backoff = s.wasSubscribed ? 100 : Math.min(backoff * 2, MAX_BACKOFF_MS);
            try {
                TimeUnit.MILLISECONDS.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Every {@code pingEvery}: a subscriber that has not answered for three rounds, either to its
     * SUBSCRIBE or to the pings since, is on a dead connection that nobody closed; close it, so the
     * subscriber loop opens a new one.
     */
    private void pingLoop() {
        while (!closed) {
            try {
                Thread.sleep(pingEvery);
            } catch (InterruptedException e) {
                return;
            }
            Subscriber s = current;
            if (s == null) continue;
            // an answer since the last round: the SUBSCRIBE confirmation or a pong
            if (s.answers > 0) {
                s.answers = 0;
                s.silentRounds = 0;
            } else if (++s.silentRounds >= 3) {
                LOG.warn("cache invalidation subscriber got no answer from Redis for {} ms; reconnecting", 3 * pingEvery.toMillis());
                dropConnection();
                continue;
            }
            if (subscribed) {
                try {
                    s.ping();
                } catch (RuntimeException e) {
                    dropConnection();
                }
            }
        }
    }

    private void dropConnection() {
        Jedis c = connection;
        if (c == null) return;
        try {
            c.disconnect();
        } catch (RuntimeException ignored) {
            // already broken
        }
    }

    @Override
    public void close() {
        closed = true;
        Subscriber s = current;
        try {
            if (s != null && subscribed) s.unsubscribe();
        } catch (RuntimeException ignored) {
            // the connection is gone already
        }
        dropConnection();
        subscriber.interrupt();
        pinger.interrupt();
        local.close();
    }

    private final class Subscriber extends JedisPubSub {
        volatile int answers;
        volatile boolean wasSubscribed;
        int silentRounds; // pinger thread only

        @Override
        public void onSubscribe(String ch, int count) {
            // whatever was published while this process was not listening is lost: listeners forget
            // everything first, and only then is the subscription reported up
            deliver(EVERYTHING);
            wasSubscribed = true;
            if (failing) LOG.info("cache invalidation subscriber is back on Redis");
            failing = false;
            answers++;
            subscribed = true;
        }

        @Override
        public void onMessage(String ch, String message) {
            deliver(message);
        }

        @Override
        public void onPong(String pattern) {
            answers++;
        }
    }
}
