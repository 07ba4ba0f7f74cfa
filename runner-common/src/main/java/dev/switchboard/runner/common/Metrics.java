package dev.switchboard.runner.common;

import dev.switchboard.core.support.EngineMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * A runner's metrics: one Prometheus registry with the JVM's meters (memory, GC, threads, class
 * loading, CPU, uptime) and the engine's ({@link #engine()}), served as text by the runner's
 * {@code GET /metrics}. A runner adds its own meters to {@link #registry()}.
 */
public final class Metrics implements AutoCloseable {
    /** Prometheus text exposition format 0.0.4, what {@link #scrape()} writes. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final EngineMetrics engine;

    public Metrics() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        engine = new MicrometerEngineMetrics(registry);
    }

    /** For the engine: {@code Switchboard.create(c -> c.metrics(metrics.engine()))}. */
    public EngineMetrics engine() {
        return engine;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /**
     * {@code switchboard_redis_script_calls_total} and {@code switchboard_redis_script_round_trips_total}:
     * Redis script calls (queue, locks, rate limiter) and the round trips that carried them. Their
     * ratio is how many calls a round trip carried; above 1 when concurrent callers shared one.
     * {@code source} must stay reachable (it is weakly held, as Micrometer holds function meters).
     */
    public <T> void redisScripts(T source, ToDoubleFunction<T> calls, ToDoubleFunction<T> roundTrips) {
        FunctionCounter.builder("switchboard.redis.script.calls", source, calls)
                .description("Redis script calls sent (queue, locks, rate limiter)").register(registry);
        FunctionCounter.builder("switchboard.redis.script.round.trips", source, roundTrips)
                .description("Round trips to Redis that carried the script calls (several when callers overlapped)").register(registry);
    }

    /**
     * {@code switchboard_inbound_journal_backlog_seconds}: how long the oldest delivery journaled by deferred
     * ingest (WEBHOOK_INGEST=deferred) has waited for a worker; 0 when none waits, NaN when the database
     * does not answer. One indexed read per scrape.
     */
    public void inboundJournal(dev.switchboard.core.engine.DeferredIngest deferred) {
        io.micrometer.core.instrument.Gauge.builder("switchboard.inbound.journal.backlog", deferred, d -> {
                    try {
                        return d.backlog().toNanos() / 1e9;
                    } catch (RuntimeException e) {
                        return Double.NaN;
                    }
                }).baseUnit("seconds").strongReference(true)
                .description("How long the oldest journaled delivery has waited for a worker (deferred ingest)").register(registry);
    }

    /** Every meter in Prometheus' text format ({@link #CONTENT_TYPE}). */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
