package dev.switchboard.runner.worker;

import dev.switchboard.core.store.Stores;
import dev.switchboard.core.work.Dedup;
import dev.switchboard.runner.common.Encryption;
import dev.switchboard.adapters.postgres.PostgresStores;
import dev.switchboard.adapters.redis.RedisAdapters;
import dev.switchboard.adapters.redis.RedisWorkQueue;
import dev.switchboard.core.engine.EngineSettings;
import dev.switchboard.core.engine.Switchboard;
import dev.switchboard.core.engine.WorkerPool;
import dev.switchboard.core.support.HealthCheck;
import dev.switchboard.core.work.Task;
import dev.switchboard.runner.common.Metrics;
import dev.switchboard.runner.common.Models;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker process: the engine on PostgreSQL and Redis, {@code concurrency} workers taking
 * conversation work from the shared queue, and a small HTTP port for health and metrics. Any number
 * of these share the work with each other; runner-http only ingests and serves. The worker sends on
 * every channel the server ingests (WhatsApp Cloud, Evolution, Instagram), paces sends through the
 * shared Redis limiter, downloads inbound media when a turn starts (MEDIA_DIR, shared with the
 * server), and sweeps PostgreSQL for work Redis lost (core's sweep, one sweep per interval across
 * workers).
 */
public final class SwitchboardWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SwitchboardWorker.class);

    private final WorkerConfig config;
    private final PostgresStores postgres;
    private final RedisAdapters redis;
    private final RedisWorkQueue redisQueue;
    private final CountingQueue queue;
    private final Switchboard engine;
    private final WorkerPool pool;
    private final Metrics metrics;
    private final WorkerHttp http;

    private SwitchboardWorker(WorkerConfig config, PostgresStores postgres, RedisAdapters redis, UnaryOperator<EngineSettings> tune) {
        this.config = config;
        this.postgres = postgres;
        this.redis = redis;
        this.redisQueue = redis.renewingWorkQueue(config.leaseTime());
        this.queue = new CountingQueue(redisQueue);
        this.metrics = new Metrics();
        EngineSettings defaults = EngineSettings.defaults()
                .withSendMaxAttempts(config.sendMaxAttempts())
                .withExtractionInterval(config.extractionInterval())
                .withWebhookLogRetention(config.webhookLogRetention())
                .withModelTimeout(config.modelTimeout());
        // a dead worker's lock frees itself when its lease does; while it lives, the renewed lease
        // keeps every other worker off the conversation even if a slow turn outlasts the lock
        EngineSettings settings = tune.apply(defaults.withLockTtl(config.leaseTime()));
        // the worker reads access tokens to send: it holds the same key as the server
        Stores stores = Encryption.protect(postgres.stores(), postgres.accountSecrets(), config.tokenCipher(), "PostgreSQL");
        this.engine = Switchboard.create(c -> {
            c.stores(stores).events(postgres.events()).journal(postgres.inboundJournal()).queue(queue).locks(redis.locks()).dedup(Dedup.STORE_DECIDES).rateLimiter(redis.rateLimiter())
                    .invalidations(redis.invalidations()) // an admin write on a server node clears this worker's lookup cache at once
                    .settings(settings).metrics(metrics.engine());
            config.channels().configure(c);
            config.media().configure(c);
            Models.configure(c, config.openAi());
        });
        Map<String, HealthCheck> probes = new LinkedHashMap<>();
        probes.put("database", postgres.stores().health());
        probes.put("queue", redis.health());
        this.pool = engine.startWorkers(config.concurrency());
        registerWorkerMeters();
        try {
            this.http = new WorkerHttp(config.port(), probes, metrics::scrape);
        } catch (RuntimeException e) {
            engine.close();
            metrics.close();
            throw e;
        }
        LOG.info("Switchboard worker: {} workers on {}, health and metrics on port {} (model: {}, lease {} s)",
                config.concurrency(), config.redis().address(), http.port(),
                config.openAi() == null ? "offline" : "OpenAI " + config.openAi().apiMode(), config.leaseTime().toSeconds());
    }

    /** Connects to PostgreSQL (migrating it) and Redis, starts the workers and the HTTP port. */
    public static SwitchboardWorker start(WorkerConfig config) {
        return start(config, s -> s);
    }

    /** As {@link #start(WorkerConfig)}, letting the caller adjust engine settings (tests shorten waits). */
    public static SwitchboardWorker start(WorkerConfig config, UnaryOperator<EngineSettings> tune) {
        PostgresStores postgres = PostgresStores.start(config.database());
        RedisAdapters redis = null;
        try {
            redis = RedisAdapters.start(config.redis());
            return new SwitchboardWorker(config, postgres, redis, tune);
        } catch (RuntimeException e) {
            if (redis != null) redis.close();
            postgres.close();
            throw e;
        }
    }

    public int port() {
        return http.port();
    }

    public Switchboard engine() {
        return engine;
    }

    /** What becomes of the tasks this worker takes, per kind, and how busy it is. */
    private void registerWorkerMeters() {
        MeterRegistry registry = metrics.registry();
        for (String kind : new String[] {Task.TURN, Task.EXTRACT, Task.RECEIVE}) {
            FunctionCounter.builder("switchboard.worker.tasks.done", queue, q -> q.done(kind))
                    .description("Tasks completed").tag("kind", kind).register(registry);
            FunctionCounter.builder("switchboard.worker.tasks.postponed", queue, q -> q.postponed(kind))
                    .description("Tasks scheduled again for later (a debounce window still open)").tag("kind", kind).register(registry);
            FunctionCounter.builder("switchboard.worker.tasks.released", queue, q -> q.released(kind))
                    .description("Tasks handed back (conversation busy, or the task failed)").tag("kind", kind).register(registry);
        }
        Gauge.builder("switchboard.worker.in.flight", pool, WorkerPool::inFlight).description("Tasks being worked on now")
                .strongReference(true).register(registry);
        Gauge.builder("switchboard.worker.concurrency", config, WorkerConfig::concurrency).description("WORKER_CONCURRENCY")
                .strongReference(true).register(registry);
        metrics.redisScripts(redis, RedisAdapters::scriptCalls, RedisAdapters::scriptRoundTrips);
        metrics.inboundJournal(engine.deferredIngest());
        Gauge.builder("switchboard.queue.held.tasks", redisQueue, RedisWorkQueue::heldTasks)
                .description("Tasks this worker holds a renewed lease on").strongReference(true).register(registry);
    }

    /**
     * Stops taking work, waits up to WORKER_SHUTDOWN_GRACE for turns in flight (a turn still running
     * then is interrupted and its task handed back or left to its lease), then closes everything.
     */
    @Override
    public void close() {
        LOG.info("stopping: {} task(s) in flight, waiting up to {} s", pool.inFlight(), config.shutdownGrace().toSeconds());
        pool.shutdown(config.shutdownGrace());
        engine.close();
        http.close();
        metrics.close();
        redis.close();
        postgres.close();
        LOG.info("stopped");
    }
}
