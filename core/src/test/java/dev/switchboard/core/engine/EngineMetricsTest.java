package dev.switchboard.core.engine;

import dev.switchboard.core.usecase.CreateTenant;
import dev.switchboard.core.usecase.RegisterChannelAccount;
import dev.switchboard.core.usecase.AddCredits;
import dev.switchboard.core.usecase.SetConversationStatus;
import dev.switchboard.core.usecase.UpdateAgent;
import dev.switchboard.core.usecase.CreateAgent;
import dev.switchboard.core.domain.ConversationStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.channel.SendResult;
import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.model.LeadData;
import dev.switchboard.core.model.ModelReply;
import dev.switchboard.core.store.ConversationQuery;
import dev.switchboard.core.support.EngineMetrics;
import dev.switchboard.core.work.Task;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import dev.switchboard.testkit.fake.ScriptedChannel;
import dev.switchboard.testkit.fake.ScriptedModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the engine reports through {@link EngineMetrics}, seen by a recording implementation. */
class EngineMetricsTest {

    /** Records each report as one line: "webhook test accepted", "model fallback"… */
    static final class RecordingMetrics implements EngineMetrics {
        final List<String> reports = new CopyOnWriteArrayList<>();
        final List<Duration> modelDurations = new CopyOnWriteArrayList<>();

        @Override
        public void webhook(String channel, Webhook outcome) {
            reports.add("webhook " + channel + " " + outcome.name().toLowerCase());
        }

        @Override
        public void webhookEvent(String channel, Event outcome) {
            reports.add("event " + channel + " " + outcome.name().toLowerCase());
        }

        @Override
        public void turn(Turn outcome) {
            reports.add("turn " + outcome.name().toLowerCase());
        }

        @Override
        public void modelCall(ModelCall outcome, Duration took) {
            reports.add("model " + outcome.name().toLowerCase());
            modelDurations.add(took);
        }

        @Override
        public void send(String channel, Send outcome) {
            reports.add("send " + channel + " " + outcome.name().toLowerCase());
        }

        @Override
        public void extraction(Lead outcome) {
            reports.add("extraction " + outcome.name().toLowerCase());
        }
    }

    private final ScriptedChannel channel = new ScriptedChannel();
    private final ScriptedModel model = new ScriptedModel();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private Switchboard engine;
    private String tenant;

    private void start(EngineSettings settings) {
        engine = Switchboard.create(c -> c.channel(channel).model(model).extractor(model).metrics(metrics).settings(settings));
        tenant = engine.tenants().create(CreateTenant.withEmail("t@example.com")).id();
        engine.channelAccounts().register(tenant, RegisterChannelAccount.of("test", "acc-1", "tok"));
        engine.agents().create(tenant, CreateAgent.builder("Bot").accountId("acc-1").instructions("Help.").debounceMs(0L).fallbackReply("A person will answer soon.").build());
        engine.credits().add(tenant, AddCredits.of(10));
    }

    @AfterEach
    void stop() {
        if (engine != null) engine.close();
    }

    private static EngineSettings fast() {
        return EngineSettings.defaults().withSendBackoff(Duration.ofMillis(1)).withExtractionInterval(Duration.ofMillis(1));
    }

    private IngestResult post(String auth, String body) {
        return engine.ingest().receive("test", "scripted", WebhookRequest.of(Map.of("auth", auth), body.getBytes()));
    }

    private String onlyConversation() {
        return engine.stores().conversations().list(tenant, ConversationQuery.all()).getFirst().id();
    }

    @Test
    void a_duplicate_webhook_is_reported_as_duplicate_and_a_forged_one_as_rejected() {
        start(fast());
        post("ok", "u1|m1|hi");
        post("ok", "u1|m1|hi");
        post("forged", "u1|m2|hi");
        assertThat(metrics.reports).containsExactly(
                "event test stored", "webhook test accepted",
                "event test duplicate", "webhook test accepted",
                "webhook test rejected");
    }

    @Test
    void a_model_timeout_is_reported_as_a_fallback_and_the_fallback_reply_as_a_reply_sent() {
        start(fast().withModelTimeout(Duration.ofMillis(100)));
        model.enqueueDelayed(Duration.ofSeconds(2), ModelReply.text("too late"));
        post("ok", "u1|m1|hi");
        metrics.reports.clear();
        engine.run(Task.turn(onlyConversation()));
        assertThat(channel.texts()).containsExactly("A person will answer soon.");
        assertThat(metrics.reports).containsExactly("model fallback", "send test sent", "turn replied");
        assertThat(metrics.modelDurations.getFirst()).isBetween(Duration.ofMillis(100), Duration.ofMillis(1_500));
    }

    @Test
    void a_retried_send_the_turns_that_answer_nothing_and_an_extraction_are_reported() throws Exception {
        start(fast());
        model.enqueueLead(new LeadData("Ana", null, null, "demo", 2, 2, 2, 2, null, null, null));
        channel.enqueue(new SendResult.Retryable("500", "try again"));
        post("ok", "u1|m1|hi");
        String conv = onlyConversation();

        metrics.reports.clear();
        engine.run(Task.turn(conv));
        assertThat(metrics.reports).containsExactly("model answered", "send test retried", "send test sent", "turn replied");

        metrics.reports.clear();
        engine.run(Task.turn(conv));
        engine.conversations().setStatus(tenant, conv, SetConversationStatus.to(ConversationStatus.PAUSED));
        post("ok", "u1|m2|anyone?");
        engine.run(Task.turn(conv));
        Thread.sleep(10); // the 1 ms extraction quiet time
        engine.run(Task.extract(conv));
        assertThat(metrics.reports).containsExactly("turn no_reply", "event test stored", "webhook test accepted", "turn paused",
                "extraction stored");
    }

    @Test
    void a_turn_inside_the_debounce_window_is_reported_as_postponed() {
        start(fast());
        engine.agents().update(tenant, engine.agents().list(tenant).getFirst().id(), UpdateAgent.builder().debounceMs(60_000L).build());
        post("ok", "u1|m1|hi");
        metrics.reports.clear();
        engine.run(Task.turn(onlyConversation()));
        assertThat(metrics.reports).containsExactly("turn postponed");
    }

    @Test
    void a_metrics_implementation_that_throws_changes_nothing() {
        engine = Switchboard.create(c -> c.channel(channel).model(model).metrics(new EngineMetrics() {
            @Override
            public void webhookEvent(String channel, Event outcome) {
                throw new IllegalStateException("broken metrics");
            }
        }));
        tenant = engine.tenants().create(CreateTenant.withEmail("t@example.com")).id();
        engine.channelAccounts().register(tenant, RegisterChannelAccount.of("test", "acc-1", "tok"));
        engine.agents().create(tenant, CreateAgent.builder("Bot").accountId("acc-1").instructions("Help.").debounceMs(0L).build());
        assertThat(post("ok", "u1|m1|hi").stored()).isEqualTo(1);
    }
}
