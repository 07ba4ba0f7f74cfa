package dev.switchboard.core.engine;

import dev.switchboard.core.support.EngineMetrics;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Keeps a failing metrics implementation from failing the work it reports on. */
final class GuardedMetrics implements EngineMetrics {
    private static final Logger LOG = Logger.getLogger(GuardedMetrics.class.getName());

    private final EngineMetrics metrics;

    private GuardedMetrics(EngineMetrics metrics) {
        this.metrics = metrics;
    }

    static EngineMetrics of(EngineMetrics metrics) {
        return metrics == EngineMetrics.NONE || metrics instanceof GuardedMetrics ? metrics : new GuardedMetrics(metrics);
    }

    private void guard(Runnable report) {
        try {
            report.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "metrics implementation failed; ignored", e);
        }
    }

    @Override
    public void webhook(String channel, Webhook outcome) {
        guard(() -> metrics.webhook(channel, outcome));
    }

    @Override
    public void webhookEvent(String channel, Event outcome) {
        guard(() -> metrics.webhookEvent(channel, outcome));
    }

    @Override
    public void turn(Turn outcome) {
        guard(() -> metrics.turn(outcome));
    }

    @Override
    public void modelCall(ModelCall outcome, Duration took) {
        guard(() -> metrics.modelCall(outcome, took));
    }

    @Override
    public void send(String channel, Send outcome) {
        guard(() -> metrics.send(channel, outcome));
    }

    @Override
    public void extraction(Lead outcome) {
        guard(() -> metrics.extraction(outcome));
    }
}
