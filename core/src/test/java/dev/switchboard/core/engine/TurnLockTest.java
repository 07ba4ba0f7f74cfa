package dev.switchboard.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.domain.DeliveryStatus;
import dev.switchboard.core.domain.Direction;
import dev.switchboard.core.memory.InMemoryLocks;
import dev.switchboard.core.model.ModelReply;
import dev.switchboard.core.store.ConversationQuery;
import dev.switchboard.core.usecase.AddCredits;
import dev.switchboard.core.usecase.CreateAgent;
import dev.switchboard.core.usecase.CreateTenant;
import dev.switchboard.core.usecase.RegisterChannelAccount;
import dev.switchboard.core.work.Locks;
import dev.switchboard.core.work.Task;
import dev.switchboard.testkit.fake.ScriptedChannel;
import dev.switchboard.testkit.fake.ScriptedModel;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A turn holds its conversation's lock for as long as it runs and sends only while it holds it: a
 * second worker never runs the same turn next to a slow one, and a turn that lost the lock leaves
 * its recorded reply to the next holder, which sends it once.
 */
class TurnLockTest {
    private static final Duration LOCK_TTL = Duration.ofMillis(200);

    private final ScriptedChannel channel = new ScriptedChannel();
    private final ScriptedModel model = new ScriptedModel();
    private final AtomicBoolean stolen = new AtomicBoolean();
    private final Switchboard engine = Switchboard.create(c -> c.channel(channel).model(model).locks(new StealableLocks())
            .settings(EngineSettings.defaults().withLockTtl(LOCK_TTL).withSweep(Duration.ZERO, Duration.ZERO)));
    private String tenant;

    @AfterEach
    void close() {
        engine.close();
    }

    /** Locks whose extend fails while {@link #stolen} is set, as when another worker took the lock meanwhile. */
    private final class StealableLocks implements Locks {
        private final InMemoryLocks locks = new InMemoryLocks(Clock.systemUTC());

        @Override
        public Optional<Lock> tryAcquire(String key, Duration ttl) {
            return locks.tryAcquire(key, ttl).map(lock -> new Lock() {
                public String key() {
                    return lock.key();
                }

                public long fencingToken() {
                    return lock.fencingToken();
                }

                public boolean extend(Duration t) {
                    return !stolen.get() && lock.extend(t);
                }

                public void close() {
                    lock.close();
                }
            });
        }
    }

    private String conversationWithOneMessage() {
        tenant = engine.tenants().create(CreateTenant.withEmail("t@example.com")).id();
        engine.channelAccounts().register(tenant, RegisterChannelAccount.of("test", "acc-1", "tok"));
        engine.agents().create(tenant, CreateAgent.builder("Bot").accountId("acc-1").instructions("Help.").debounceMs(0L)
                .fallbackReply("FALLBACK").build());
        engine.credits().add(tenant, AddCredits.of(10));
        assertThat(engine.ingest().receive("test", "scripted", WebhookRequest.of(Map.of("auth", "ok"), "5511999990000|wamid.1|hi".getBytes()))
                .stored()).isEqualTo(1);
        return engine.stores().conversations().list(tenant, ConversationQuery.all()).getFirst().id();
    }

    @Test
    void a_turn_that_outlasts_the_lock_ttl_keeps_its_conversation_and_a_second_worker_finds_it_busy() throws Exception {
        String conversation = conversationWithOneMessage();
        CountDownLatch modelStarted = new CountDownLatch(1), secondTried = new CountDownLatch(1);
        model.replyWith(t -> {
            modelStarted.countDown();
            try {
                if (!secondTried.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("the second turn never ran");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return ModelReply.text("answer");
        });
        AtomicReference<TurnOutcome> first = new AtomicReference<>();
        Thread slow = Thread.ofVirtual().start(() -> first.set(engine.run(Task.turn(conversation))));
        assertThat(modelStarted.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(LOCK_TTL.multipliedBy(3)); // the model outlasts the lock's ttl several times over

        TurnOutcome second = engine.run(Task.turn(conversation));
        secondTried.countDown();
        slow.join(Duration.ofSeconds(10));

        assertThat(second).as("the second worker, while the slow turn runs").isInstanceOf(TurnOutcome.Busy.class);
        assertThat(first.get()).isInstanceOf(TurnOutcome.Done.class);
        assertThat(model.turns()).as("model calls").hasSize(1);
        assertThat(channel.texts()).containsExactly("answer");
    }

    @Test
    void a_turn_that_lost_its_lock_sends_nothing_and_the_next_turn_sends_its_reply_once() {
        String conversation = conversationWithOneMessage();
        model.replyWith(t -> {
            stolen.set(true); // another worker takes the lock while the model answers
            return ModelReply.text("answer");
        });

        assertThatThrownBy(() -> engine.run(Task.turn(conversation))).isInstanceOf(TurnInterrupted.class)
                .hasMessageContaining("lost the lock");
        assertThat(channel.sent()).as("sent by the turn that lost its lock").isEmpty();
        var reply = engine.stores().conversations().history(conversation, 10).stream()
                .filter(m -> m.direction() == Direction.OUTBOUND).toList();
        assertThat(reply).singleElement().satisfies(m -> assertThat(m.status()).isEqualTo(DeliveryStatus.PENDING));

        stolen.set(false);
        assertThat(engine.run(Task.turn(conversation))).isInstanceOf(TurnOutcome.Done.class);
        assertThat(channel.texts()).containsExactly("answer");
        assertThat(model.turns()).as("model calls").hasSize(1);
        assertThat(engine.stores().conversations().history(conversation, 10).stream()
                .filter(m -> m.direction() == Direction.OUTBOUND).map(m -> m.status()).toList()).containsExactly(DeliveryStatus.SENT);
    }
}
