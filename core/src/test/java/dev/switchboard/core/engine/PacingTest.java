package dev.switchboard.core.engine;

import dev.switchboard.core.usecase.CreateAgent;
import dev.switchboard.core.usecase.CreateTenant;
import dev.switchboard.core.usecase.RegisterChannelAccount;
import dev.switchboard.core.usecase.AddCredits;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.channel.SendPacing;
import dev.switchboard.core.channel.SendResult;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.store.NewInbound;
import dev.switchboard.core.work.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import dev.switchboard.testkit.fake.ScriptedChannel;
import dev.switchboard.testkit.fake.ScriptedModel;
import org.junit.jupiter.api.Test;

/** Sends are paced to the channel's limits instead of being refused by the provider. */
class PacingTest {

    record Sent(String recipient, long nanos) {}

    static final class PacedChannel extends ScriptedChannel {
        final SendPacing pacing;
        final ConcurrentLinkedQueue<Sent> log = new ConcurrentLinkedQueue<>();

        PacedChannel(SendPacing pacing) {
            this.pacing = pacing;
        }

        @Override
        public SendPacing pacing() {
            return pacing;
        }

        @Override
        public SendResult send(ChannelAccount account, OutboundMessage m) {
            log.add(new Sent(m.recipient(), System.nanoTime()));
            return super.send(account, m);
        }
    }

    private static Switchboard engine(PacedChannel channel, String greeting, String[] tenantOut, String[] agentOut) {
        Switchboard e = Switchboard.create(c -> c.channel(channel).model(new ScriptedModel()));
        String t = e.tenants().create(CreateTenant.withEmail("p@example.com")).id();
        e.channelAccounts().register(t, RegisterChannelAccount.of("test", "acc-1", "tok"));
        var agent = CreateAgent.builder("Bot").accountId("acc-1").instructions("x").debounceMs(0L).greeting(greeting).build();
        agentOut[0] = e.agents().create(t, agent).id();
        e.credits().add(t, AddCredits.of(1000));
        tenantOut[0] = t;
        return e;
    }

    private static String accept(Switchboard e, String tenant, String agent, String user, String id) {
        return e.stores().conversations().acceptInbound(new NewInbound(tenant, agent, "acc-1", "test", user, null, null, id, "text",
                "hi", null, null, "{}", Instant.now(), Duration.ofDays(1))).conversation().id();
    }

    @Test
    void two_hundred_replies_from_one_number_never_exceed_the_configured_rate() throws Exception {
        int perSecond = 100;
        PacedChannel channel = new PacedChannel(SendPacing.perSecond(perSecond, Duration.ZERO));
        String[] t = new String[1], a = new String[1];
        Switchboard e = engine(channel, null, t, a);
        List<String> conversations = new ArrayList<>();
        for (int i = 0; i < 200; i++) conversations.add(accept(e, t[0], a[0], "user" + i, "m" + i));

        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Future<TurnOutcome>> turns = new ArrayList<>();
        for (String conv : conversations) turns.add(pool.submit(() -> e.run(Task.turn(conv))));
        for (Future<TurnOutcome> f : turns) f.get();
        pool.shutdown();

        List<Long> times = channel.log.stream().map(Sent::nanos).sorted().toList();
        assertThat(times).hasSize(200);
        // In any one-second window at most perSecond sends, plus the one on the window's edge.
        for (int i = 0; i + perSecond + 1 < times.size(); i++) {
            assertThat(times.get(i + perSecond + 1) - times.get(i)).isGreaterThanOrEqualTo(Duration.ofSeconds(1).toNanos());
        }
    }

    @Test
    void the_same_customer_is_never_sent_two_messages_within_the_pair_interval() {
        Duration pair = Duration.ofMillis(400);
        PacedChannel channel = new PacedChannel(SendPacing.perSecond(1000, pair));
        String[] t = new String[1], a = new String[1];
        Switchboard e = engine(channel, "Olá!", t, a);
        String conv = accept(e, t[0], a[0], "maria", "m1");
        e.run(Task.turn(conv));   // greeting, then the reply: two messages to one customer
        accept(e, t[0], a[0], "maria", "m2");
        e.run(Task.turn(conv));   // a third
        List<Sent> sends = List.copyOf(channel.log);
        assertThat(sends).hasSize(3).allMatch(s -> s.recipient().equals("maria"));
        for (int i = 1; i < sends.size(); i++) {
            assertThat(sends.get(i).nanos() - sends.get(i - 1).nanos()).isGreaterThanOrEqualTo(pair.toNanos());
        }
    }
}
