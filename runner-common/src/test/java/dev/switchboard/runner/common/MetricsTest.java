package dev.switchboard.runner.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.support.EngineMetrics;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The names the engine's reports take in Prometheus' text, which dashboards and alerts rely on. */
class MetricsTest {

    @Test
    void engine_reports_and_jvm_meters_appear_under_their_prometheus_names() {
        try (Metrics metrics = new Metrics()) {
            EngineMetrics engine = metrics.engine();
            engine.webhook("whatsapp", EngineMetrics.Webhook.ACCEPTED);
            engine.webhookEvent("whatsapp", EngineMetrics.Event.DUPLICATE);
            engine.turn(EngineMetrics.Turn.NO_CREDITS);
            engine.modelCall(EngineMetrics.ModelCall.FALLBACK, Duration.ofMillis(700));
            engine.send("instagram", EngineMetrics.Send.RETRIED);
            engine.extraction(EngineMetrics.Lead.FAILED);

            assertThat(metrics.scrape().lines()).contains(
                    "switchboard_webhook_requests_total{channel=\"whatsapp\",outcome=\"accepted\"} 1.0",
                    "switchboard_webhook_events_total{channel=\"whatsapp\",outcome=\"duplicate\"} 1.0",
                    "switchboard_turns_total{outcome=\"no_credits\"} 1.0",
                    "switchboard_turns_total{outcome=\"replied\"} 0.0",
                    "switchboard_model_calls_seconds_count{outcome=\"fallback\"} 1",
                    "switchboard_model_calls_seconds_bucket{outcome=\"fallback\",le=\"0.5\"} 0",
                    "switchboard_model_calls_seconds_bucket{outcome=\"fallback\",le=\"1.0\"} 1",
                    "switchboard_sends_total{channel=\"instagram\",outcome=\"retried\"} 1.0",
                    "switchboard_extractions_total{outcome=\"failed\"} 1.0");
            assertThat(metrics.scrape()).contains("jvm_memory_used_bytes", "jvm_threads_live_threads", "process_uptime_seconds");
        }
    }
}
