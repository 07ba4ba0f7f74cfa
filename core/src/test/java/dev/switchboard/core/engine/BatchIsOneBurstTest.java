package dev.switchboard.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.channel.InboundEvent;
import dev.switchboard.core.domain.Agent;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.domain.Secret;
import dev.switchboard.core.domain.Sender;
import dev.switchboard.core.domain.Tenant;
import dev.switchboard.core.memory.InMemoryWorkQueue;
import dev.switchboard.core.store.MessageQuery;
import dev.switchboard.core.work.Lease;
import dev.switchboard.core.work.Task;
import dev.switchboard.core.work.WorkQueue;
import dev.switchboard.testkit.fake.ScriptedChannel;
import dev.switchboard.testkit.fake.ScriptedModel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One webhook delivery is one burst (issue 15): every message it carries for a conversation is
 * stored before that conversation's turn can start, whatever the agent's debounce, so a delivery
 * of three messages with {@code debounce_ms} 0 is answered by one model call and one reply.
 */
class BatchIsOneBurstTest {
    private final ScriptedChannel channel = new ScriptedChannel();
    private final ScriptedModel model = new ScriptedModel();
    private final RecordingQueue queue = new RecordingQueue();
    private Switchboard engine;

    @BeforeEach
    void setUp() {
        engine = Switchboard.create(c -> c.channel(channel).model(model).queue(queue));
        Instant now = Instant.now();
        String tenant = engine.stores().tenants().create(new Tenant("t-1", "t@example.com", "Loja", null, now)).id();
        engine.stores().accounts().create(new ChannelAccount("acc-1", tenant, "test", "scripted", null, Secret.of("tok"),
                "Loja", Map.of(), now));
        engine.stores().credits().add(tenant, 100, "topup", "test");
        engine.stores().agents().create(new Agent("agent-1", tenant, "acc-1", "Bot", null, null, "Help.", null, null, null,
                0, null, true, null, Map.of(), now, now));
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private static InboundEvent message(String id, String text) {
        return new InboundEvent.MessageReceived("acc-1", id, "5511999990001", "Ana", null, "text", text, null, null,
                Instant.now(), "{}");
    }

    @Test
    void the_turn_is_enqueued_once_after_all_three_messages_of_the_delivery_are_stored() {
        var result = engine.ingest().receive("test", "scripted",
                channel.webhook(message("m1", "oi"), message("m2", "tudo bem?"), message("m3", "quero um café")));

        assertThat(result.stored()).isEqualTo(3);
        assertThat(queue.turnsEnqueued).hasSize(1);
        assertThat(queue.unansweredWhenEnqueued).containsExactly(3);
    }

    @Test
    void three_messages_in_one_delivery_with_debounce_zero_get_one_model_call_and_one_reply() throws Exception {
        engine.startWorkers(4);
        engine.ingest().receive("test", "scripted",
                channel.webhook(message("m1", "oi"), message("m2", "tudo bem?"), message("m3", "quero um café")));

        String conversationId = queue.turnsEnqueued.getFirst();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (channel.texts().isEmpty() && System.nanoTime() < deadline) Thread.sleep(10);
        engine.close(); // drains the pool: nothing more can start

        assertThat(model.turns()).hasSize(1);
        assertThat(model.turns().getFirst().burst()).extracting(Message::text)
                .containsExactly("oi", "tudo bem?", "quero um café");
        assertThat(channel.texts()).containsExactly("reply 3"); // the scripted model answers with the burst size
        List<Message> replies = engine.stores().conversations().messages("t-1", MessageQuery.conversation(conversationId))
                .stream().filter(m -> m.sender() == Sender.AGENT).toList();
        assertThat(replies).hasSize(1);
    }

    /** The in-memory queue, noting each turn enqueued and how many messages were unanswered at that moment. */
    private final class RecordingQueue implements WorkQueue {
        private final InMemoryWorkQueue delegate = InMemoryWorkQueue.create();
        final List<String> turnsEnqueued = new CopyOnWriteArrayList<>();
        final List<Integer> unansweredWhenEnqueued = new CopyOnWriteArrayList<>();

        private void note(Task task) {
            if (!Task.TURN.equals(task.kind())) return;
            turnsEnqueued.add(task.key());
            unansweredWhenEnqueued.add(engine.stores().conversations().unanswered(task.key()).size());
        }

        @Override
        public void submit(Task task) {
            note(task);
            delegate.submit(task);
        }

        @Override
        public void schedule(Task task, Instant at) {
            note(task);
            delegate.schedule(task, at);
        }

        @Override
        public Optional<Lease> take(Duration maxWait) throws InterruptedException {
            return delegate.take(maxWait);
        }

        @Override
        public void complete(Lease lease) {
            delegate.complete(lease);
        }

        @Override
        public void release(Lease lease, Duration delay) {
            delegate.release(lease, delay);
        }
    }
}
