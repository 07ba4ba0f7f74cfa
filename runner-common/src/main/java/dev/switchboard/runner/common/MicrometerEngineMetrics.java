package dev.switchboard.runner.common;

import dev.switchboard.core.support.EngineMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The engine's reports as Micrometer meters. In Prometheus' names:
 * <ul>
 * <li>{@code switchboard_webhook_requests_total{channel,outcome}}: accepted, rejected, malformed, failed</li>
 * <li>{@code switchboard_webhook_events_total{channel,outcome}}: stored, duplicate, updated, ignored</li>
 * <li>{@code switchboard_turns_total{outcome}}: replied, postponed, paused, no_credits, no_reply, busy</li>
 * <li>{@code switchboard_model_calls_seconds{outcome}}: answered, fallback (a timer, with a histogram)</li>
 * <li>{@code switchboard_sends_total{channel,outcome}}: sent, retried, failed</li>
 * <li>{@code switchboard_extractions_total{outcome}}: stored, failed</li>
 * </ul>
 * Outcomes that carry no channel are registered at start, so they read 0 before they first happen.
 */
public final class MicrometerEngineMetrics implements EngineMetrics {
    /** Histogram buckets for model calls: a few, from a quick answer to a timeout after retries. */
    private static final Duration[] MODEL_CALL_BUCKETS = {Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60),
            Duration.ofSeconds(120)};

    private final MeterRegistry registry;
    private final Map<Turn, Counter> turns = new EnumMap<>(Turn.class);
    private final Map<ModelCall, Timer> modelCalls = new EnumMap<>(ModelCall.class);
    private final Map<Lead, Counter> extractions = new EnumMap<>(Lead.class);

    public MicrometerEngineMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Turn t : Turn.values()) {
            turns.put(t, Counter.builder("switchboard.turns").description("Runs of a conversation's turn, by what they did")
                    .tag("outcome", tag(t)).register(registry));
        }
        for (ModelCall m : ModelCall.values()) {
            modelCalls.put(m, Timer.builder("switchboard.model.calls").description("Model calls for a turn, answered or fallen back")
                    .tag("outcome", tag(m))
                    .serviceLevelObjectives(MODEL_CALL_BUCKETS)
                    .register(registry));
        }
        for (Lead l : Lead.values()) {
            extractions.put(l, Counter.builder("switchboard.extractions").description("Lead extractions, stored or failed")
                    .tag("outcome", tag(l)).register(registry));
        }
    }

    private static String tag(Enum<?> outcome) {
        return outcome.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public void webhook(String channel, Webhook outcome) {
        Counter.builder("switchboard.webhook.requests").description("Webhook requests, by what became of them")
                .tag("channel", channel).tag("outcome", tag(outcome)).register(registry).increment();
    }

    @Override
    public void webhookEvent(String channel, Event outcome) {
        Counter.builder("switchboard.webhook.events").description("Events in accepted webhooks, by what became of them")
                .tag("channel", channel).tag("outcome", tag(outcome)).register(registry).increment();
    }

    @Override
    public void turn(Turn outcome) {
        turns.get(outcome).increment();
    }

    @Override
    public void modelCall(ModelCall outcome, Duration took) {
        modelCalls.get(outcome).record(took);
    }

    @Override
    public void send(String channel, Send outcome) {
        Counter.builder("switchboard.sends").description("Outbound messages sent or failed, and send attempts retried")
                .tag("channel", channel).tag("outcome", tag(outcome)).register(registry).increment();
    }

    @Override
    public void extraction(Lead outcome) {
        extractions.get(outcome).increment();
    }
}
