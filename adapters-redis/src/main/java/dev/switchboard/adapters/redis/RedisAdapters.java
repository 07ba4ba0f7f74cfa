package dev.switchboard.adapters.redis;

import dev.switchboard.core.support.HealthCheck;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPooled;

/**
 * Everything this module offers on one Redis, and the one place it is wired:
 * <pre>{@code
 * try (RedisAdapters redis = RedisAdapters.start(RedisConfig.fromUrl(System.getenv("REDIS_URL")))) {
 *     Switchboard engine = Switchboard.create(c -> c
 *             .queue(redis.workQueue(Duration.ofMinutes(2)))
 *             .locks(redis.locks())
 *             .dedup(redis.dedup()));
 *     …
 * }
 * }</pre>
 * {@link #start} opens a connection pool and does not wait for Redis: a process can start while
 * Redis is down and catches up when it answers ({@link #health} says whether it does). The
 * adapters are thread-safe and fine to call from virtual threads.
 */
public final class RedisAdapters implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisAdapters.class);
    private static final int HEALTH_TIMEOUT_MS = 500;

    private final RedisConfig config;
    private final JedisPooled redis;
    private final ScriptPipeline scripts;
    private final JedisPooled healthClient;
    private final HealthCheck health;
    private final Clock clock;
    private final List<RedisWorkQueue> queues = new CopyOnWriteArrayList<>();
    private final RedisLocks locks;
    private final RedisDedup dedup;
    private final RedisRateLimiter rateLimiter;
    private RedisInvalidations invalidations;

    private RedisAdapters(RedisConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        int timeout = (int) config.timeout().toMillis();
        // a worker blocks up to a few hundred ms reading its streams; the socket must outlast that
        this.redis = new JedisPooled(new HostAndPort(config.host(), config.port()), client(config, timeout, timeout + 1_000),
                pool(config.poolSize(), config.timeout()));
        this.scripts = new ScriptPipeline(redis);
        int healthTimeout = Math.min(timeout, HEALTH_TIMEOUT_MS);
        this.healthClient = new JedisPooled(new HostAndPort(config.host(), config.port()),
                client(config, healthTimeout, healthTimeout), pool(2, Duration.ofMillis(healthTimeout)));
        this.health = () -> {
            try {
                return "PONG".equals(healthClient.ping());
            } catch (RuntimeException e) {
                Outage.dropIdleConnections(healthClient);
                return false;
            }
        };
        this.locks = new RedisLocks(redis, scripts, config.keyPrefix());
        this.dedup = new RedisDedup(redis, config.keyPrefix());
        this.rateLimiter = new RedisRateLimiter(redis, scripts, config.keyPrefix());
    }

    /** Opens the pool; logs a warning, and does not fail, when Redis does not answer yet. */
    public static RedisAdapters start(RedisConfig config) {
        return start(config, Clock.systemUTC());
    }

    /** As {@link #start(RedisConfig)}, with the clock that times scheduled tasks. */
    public static RedisAdapters start(RedisConfig config, Clock clock) {
        RedisAdapters adapters = new RedisAdapters(Objects.requireNonNull(config, "config"), Objects.requireNonNull(clock, "clock"));
        if (adapters.health.healthy()) LOG.info("Redis at {} answers", config.address());
        else LOG.warn("Redis at {} does not answer yet; work is kept in memory until it does", config.address());
        return adapters;
    }

    private static JedisClientConfig client(RedisConfig config, int timeoutMs, int blockingTimeoutMs) {
        return DefaultJedisClientConfig.builder()
                .user(config.user())
                .password(config.password() == null ? null : config.password().value())
                .database(config.database())
                .ssl(config.tls())
                .connectionTimeoutMillis(timeoutMs)
                .socketTimeoutMillis(timeoutMs)
                .blockingSocketTimeoutMillis(blockingTimeoutMs)
                .clientName("switchboard")
                .build();
    }

    private static ConnectionPoolConfig pool(int size, Duration maxWait) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(size);
        pool.setMaxIdle(size);
        pool.setMinIdle(0);
        pool.setMaxWait(maxWait);
        pool.setJmxEnabled(false);
        return pool;
    }

    /**
     * A work queue whose leases expire {@code leaseTime} after they were taken (the {@code WorkQueue}
     * contract): choose it longer than the longest turn (model timeout plus sends), since a turn
     * still running when it expires is handed out again. Each call returns a new consumer of the
     * same shared queue.
     */
    public RedisWorkQueue workQueue(Duration leaseTime) {
        return register(new RedisWorkQueue(redis, scripts, config.keyPrefix(), leaseTime, false, health, clock));
    }

    /**
     * A work queue that renews the leases it hands out while this process runs: they expire
     * {@code leaseTime} after the process dies or loses Redis, however long a turn takes. For
     * worker processes: a short lease time then hands a dead worker's conversations over quickly.
     */
    public RedisWorkQueue renewingWorkQueue(Duration leaseTime) {
        return register(new RedisWorkQueue(redis, scripts, config.keyPrefix(), leaseTime, true, health, clock));
    }

    private RedisWorkQueue register(RedisWorkQueue queue) {
        queues.add(queue);
        return queue;
    }

    public RedisLocks locks() {
        return locks;
    }

    public RedisDedup dedup() {
        return dedup;
    }

    public RedisRateLimiter rateLimiter() {
        return rateLimiter;
    }

    /**
     * Cache invalidations shared by every process on this Redis (and key prefix): give it to each
     * engine with {@code Switchboard.Config.invalidations}, so an admin write on one server node
     * reaches the caches of the others at once. Opens one subscriber connection, on first use.
     */
    public synchronized RedisInvalidations invalidations() {
        if (invalidations == null) {
            int timeout = (int) config.timeout().toMillis();
            Duration pingEvery = Duration.ofSeconds(10);
            // a subscriber waits for messages for as long as there are none: its reads must not time out
            // while pongs arrive every pingEvery, and must once they stop (a dead peer that closed nothing)
            int quietTimeout = (int) pingEvery.multipliedBy(3).toMillis() + timeout;
            invalidations = new RedisInvalidations(redis,
                    () -> new Jedis(new HostAndPort(config.host(), config.port()), client(config, timeout, quietTimeout)),
                    config.keyPrefix(), pingEvery);
        }
        return invalidations;
    }

    /** Script calls sent to Redis so far by this node's queue, locks and rate limiter. */
    public long scriptCalls() {
        return scripts.calls();
    }

    /** The round trips that carried {@link #scriptCalls}: fewer once concurrent callers shared one (see {@code ScriptPipeline}). */
    public long scriptRoundTrips() {
        return scripts.roundTrips();
    }

    /** PING with a short timeout; never throws. */
    public HealthCheck health() {
        return health;
    }

    public RedisConfig config() {
        return config;
    }

    /** Writes what the queues still hold (if Redis answers), then closes the pools. */
    @Override
    public void close() {
        synchronized (this) {
            if (invalidations != null) invalidations.close();
        }
        queues.forEach(RedisWorkQueue::close);
        redis.close();
        healthClient.close();
    }
}
