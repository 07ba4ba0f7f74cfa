package dev.switchboard.core.engine;

import dev.switchboard.core.usecase.CreateAgent;
import dev.switchboard.core.usecase.CreateTenant;
import dev.switchboard.core.usecase.RegisterChannelAccount;
import dev.switchboard.core.usecase.AddCredits;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.model.ModelReply;
import dev.switchboard.core.store.ConversationQuery;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import dev.switchboard.testkit.fake.ScriptedChannel;
import dev.switchboard.testkit.fake.ScriptedModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A worker stopped while the model answers hands the turn back: no fallback reply, and the next worker answers it. */
class ShutdownTest {
    private final ScriptedChannel channel = new ScriptedChannel();
    private final ScriptedModel model = new ScriptedModel();
    private final Switchboard engine = Switchboard.create(c -> c.channel(channel).model(model)
            .settings(EngineSettings.defaults().withModelTimeout(Duration.ofSeconds(60)).withSweep(Duration.ZERO, Duration.ZERO)));

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void a_turn_interrupted_by_shutdown_sends_nothing_and_is_answered_by_the_next_worker() throws Exception {
        String tenant = engine.tenants().create(CreateTenant.withEmail("t@example.com")).id();
        engine.channelAccounts().register(tenant, RegisterChannelAccount.of("test", "acc-1", "tok"));
        engine.agents().create(tenant, CreateAgent.builder("Bot").accountId("acc-1").instructions("Help.").debounceMs(0L)
                .fallbackReply("FALLBACK").build());
        engine.credits().add(tenant, AddCredits.of(10));
        CountDownLatch modelStarted = new CountDownLatch(1);
        model.replyWith(t -> {
            modelStarted.countDown();
            try {
                Thread.sleep(Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                throw new IllegalStateException("the HTTP call was interrupted", e);
            }
            return ModelReply.text("too late");
        });

        WorkerPool first = engine.startWorkers(1);
        assertThat(engine.ingest().receive("test", "scripted", WebhookRequest.of(Map.of("auth", "ok"), "5511999990000|wamid.1|hi".getBytes()))
                .stored()).isEqualTo(1);
        assertThat(modelStarted.await(10, TimeUnit.SECONDS)).isTrue();
        first.shutdown(Duration.ofMillis(200)); // the grace ends with the model still thinking: the turn is interrupted

        Thread.sleep(300);
        assertThat(channel.sent()).as("no fallback, no reply from the stopped worker").isEmpty();

        model.replyWith(t -> ModelReply.text("answer " + t.burst().size()));
        WorkerPool second = engine.startWorkers(1);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (channel.sent().isEmpty() && System.nanoTime() < deadline) Thread.sleep(20);
        second.shutdown(Duration.ofSeconds(5));

        assertThat(channel.texts()).containsExactly("answer 1");
        var conv = engine.stores().conversations().list(tenant, ConversationQuery.all()).getFirst();
        assertThat(engine.stores().credits().balance(tenant)).as("one turn charged").isEqualTo(9);
        assertThat(conv.answeredThroughSeq()).isEqualTo(1);
    }
}
