package dev.switchboard.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.domain.CreditPolicy;
import dev.switchboard.core.memory.InMemoryStores;
import dev.switchboard.core.model.ModelReply;
import dev.switchboard.core.store.ConversationQuery;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.store.TenantStore;
import dev.switchboard.core.usecase.AddCredits;
import dev.switchboard.core.usecase.CreateAgent;
import dev.switchboard.core.usecase.CreateTenant;
import dev.switchboard.core.usecase.RegisterChannelAccount;
import dev.switchboard.core.work.Task;
import dev.switchboard.testkit.fake.ScriptedChannel;
import dev.switchboard.testkit.fake.ScriptedModel;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a turn reads: no history before a conversation's first message, and a tenant's credit policy once per process. */
class TurnReadsTest {
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    private <T> T counted(Class<T> port, T target) {
        return (T) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            calls.computeIfAbsent(port.getSimpleName() + "." + method.getName(), k -> new AtomicInteger()).incrementAndGet();
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private int count(String call) {
        AtomicInteger n = calls.get(call);
        return n == null ? 0 : n.get();
    }

    @Test
    void a_first_turn_reads_no_history_a_second_does_and_the_tenants_policy_is_read_once() {
        var memory = InMemoryStores.create().stores();
        Stores stores = new Stores(counted(TenantStore.class, memory.tenants()), memory.accounts(), memory.agents(), memory.contacts(),
                counted(ConversationStore.class, memory.conversations()), memory.credits(), memory.extractions(), memory.webhookLog(),
                memory.health());
        ScriptedChannel channel = new ScriptedChannel();
        ScriptedModel model = new ScriptedModel().needsHistory(true)
                .replyWith(request -> ModelReply.text("seen " + request.history().size() + " earlier"));
        try (Switchboard engine = Switchboard.create(c -> c.stores(stores).channel(channel).model(model)
                .settings(EngineSettings.defaults().withSendBackoff(Duration.ofMillis(1)).withSweep(Duration.ZERO, Duration.ZERO)))) {
            String tenant = engine.tenants().create(new CreateTenant(null, "p@example.com", null, CreditPolicy.PER_1K_TOKENS)).id();
            engine.channelAccounts().register(tenant, RegisterChannelAccount.of("test", "acc-1", "tok"));
            engine.agents().create(tenant, CreateAgent.builder("Bot").accountId("acc-1").instructions("Help.").debounceMs(0L).build());
            engine.credits().add(tenant, AddCredits.of(100));

            engine.ingest().receive("test", "scripted", WebhookRequest.of(Map.of("auth", "ok"), "5511999990002|wamid.h1|oi".getBytes()));
            String conv = engine.stores().conversations().list(tenant, ConversationQuery.all()).getFirst().id();
            int tenantReads = count("TenantStore.find");
            engine.run(Task.turn(conv));
            assertThat(count("ConversationStore.history")).as("history reads on the first turn").isZero();
            assertThat(count("TenantStore.find") - tenantReads).as("tenant reads on the first turn").isEqualTo(1);

            engine.ingest().receive("test", "scripted", WebhookRequest.of(Map.of("auth", "ok"), "5511999990002|wamid.h2|e agora?".getBytes()));
            engine.run(Task.turn(conv));
            assertThat(count("ConversationStore.history")).as("history reads on the second turn").isEqualTo(1);
            assertThat(count("TenantStore.find") - tenantReads).as("tenant reads after two turns").isEqualTo(1);
            assertThat(channel.sent()).extracting(m -> ((dev.switchboard.core.channel.OutboundContent.Text) m.content()).body())
                    .containsExactly("seen 0 earlier", "seen 2 earlier");
        }
    }
}
