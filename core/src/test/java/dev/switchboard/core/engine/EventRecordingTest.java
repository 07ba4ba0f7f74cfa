package dev.switchboard.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.domain.ConversationStatus;
import dev.switchboard.core.domain.Direction;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.store.ConversationQuery;
import dev.switchboard.core.store.StoredEvent;
import dev.switchboard.core.usecase.AddCredits;
import dev.switchboard.core.usecase.CreateAgent;
import dev.switchboard.core.usecase.CreateTenant;
import dev.switchboard.core.usecase.RegisterChannelAccount;
import dev.switchboard.core.usecase.SetConversationStatus;
import dev.switchboard.core.work.Task;
import dev.switchboard.testkit.fake.ScriptedChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine's writes land in the tenant's event log: what a live screen follows. */
class EventRecordingTest {
    private final ScriptedChannel channel = new ScriptedChannel();
    private final Switchboard engine = Switchboard.create(c -> c.channel(channel)
            .settings(EngineSettings.defaults().withSendBackoff(Duration.ofMillis(1)).withSweep(Duration.ZERO, Duration.ZERO)));

    @AfterEach
    void close() {
        engine.close();
    }

    private List<StoredEvent> events(String tenant) {
        return engine.events().read(tenant, 0, 100).events();
    }

    @Test
    void the_send_of_a_reply_this_process_recorded_names_its_tenant_without_reading_the_message_back() {
        var memory = dev.switchboard.core.memory.InMemoryStores.create().stores();
        var reads = new java.util.concurrent.atomic.AtomicInteger();
        var counted = (dev.switchboard.core.store.ConversationStore) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {dev.switchboard.core.store.ConversationStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("findMessage")) reads.incrementAndGet();
                    try {
                        return method.invoke(memory.conversations(), args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        var stores = new dev.switchboard.core.store.Stores(memory.tenants(), memory.accounts(), memory.agents(), memory.contacts(), counted,
                memory.credits(), memory.extractions(), memory.webhookLog(), memory.health());
        ScriptedChannel ch = new ScriptedChannel();
        try (Switchboard sb = Switchboard.create(c -> c.stores(stores).channel(ch)
                .settings(EngineSettings.defaults().withSendBackoff(Duration.ofMillis(1)).withSweep(Duration.ZERO, Duration.ZERO)))) {
            String tenant = sb.tenants().create(CreateTenant.withEmail("r@example.com")).id();
            sb.channelAccounts().register(tenant, RegisterChannelAccount.of("test", "acc-1", "tok"));
            sb.agents().create(tenant, CreateAgent.builder("Bot").accountId("acc-1").instructions("Help.").debounceMs(0L).build());
            sb.credits().add(tenant, AddCredits.of(10));
            sb.ingest().receive("test", "scripted", WebhookRequest.of(Map.of("auth", "ok"), "5511999990001|wamid.r|oi".getBytes()));
            String conv = sb.stores().conversations().list(tenant, ConversationQuery.all()).getFirst().id();
            sb.run(Task.turn(conv));

            String reply = sb.stores().conversations().history(conv, 10).stream()
                    .filter(m -> m.direction() == Direction.OUTBOUND).findFirst().orElseThrow().id();
            assertThat(sb.events().read(tenant, 0, 100).events()).extracting(StoredEvent::type, StoredEvent::resourceId)
                    .contains(org.assertj.core.groups.Tuple.tuple(StoredEvent.MESSAGE_UPDATED, reply));
            assertThat(reads).as("messages read back to name the tenant of a send").hasValue(0);
        }
    }

    @Test
    void inbound_reply_send_and_status_change_each_append_one_event_naming_the_resource_and_a_duplicate_none() {
        String tenant = engine.tenants().create(CreateTenant.withEmail("t@example.com")).id();
        engine.channelAccounts().register(tenant, RegisterChannelAccount.of("test", "acc-1", "tok"));
        engine.agents().create(tenant, CreateAgent.builder("Bot").accountId("acc-1").instructions("Help.").debounceMs(0L).build());
        engine.credits().add(tenant, AddCredits.of(10));
        byte[] body = "5511999990000|wamid.1|oi".getBytes();

        engine.ingest().receive("test", "scripted", WebhookRequest.of(Map.of("auth", "ok"), body));
        engine.ingest().receive("test", "scripted", WebhookRequest.of(Map.of("auth", "ok"), body));
        String conv = engine.stores().conversations().list(tenant, ConversationQuery.all()).getFirst().id();
        engine.run(Task.turn(conv));
        engine.conversations().setStatus(tenant, conv, new SetConversationStatus(ConversationStatus.PAUSED));

        List<Message> history = engine.stores().conversations().history(conv, 10);
        String inbound = history.stream().filter(m -> m.direction() == Direction.INBOUND).findFirst().orElseThrow().id();
        String reply = history.stream().filter(m -> m.direction() == Direction.OUTBOUND).findFirst().orElseThrow().id();
        assertThat(events(tenant)).extracting(StoredEvent::id, StoredEvent::type, StoredEvent::resourceId).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1L, StoredEvent.CONVERSATION_UPDATED, conv),
                org.assertj.core.groups.Tuple.tuple(2L, StoredEvent.MESSAGE_CREATED, inbound),
                org.assertj.core.groups.Tuple.tuple(3L, StoredEvent.MESSAGE_CREATED, reply),
                org.assertj.core.groups.Tuple.tuple(4L, StoredEvent.MESSAGE_UPDATED, reply),
                org.assertj.core.groups.Tuple.tuple(5L, StoredEvent.CONVERSATION_UPDATED, conv));
        assertThat(events("another-tenant")).isEmpty();
    }

    @Test
    void archiving_a_numbers_open_conversations_on_an_agent_change_names_each_of_them() {
        String tenant = engine.tenants().create(CreateTenant.withEmail("a@example.com")).id();
        engine.channelAccounts().register(tenant, RegisterChannelAccount.of("test", "acc-1", "tok"));
        String agent = engine.agents().create(tenant, CreateAgent.builder("Bot").accountId("acc-1").instructions("Help.").build()).id();
        engine.ingest().receive("test", "scripted", WebhookRequest.of(Map.of("auth", "ok"), "5511999990001|wamid.a|oi".getBytes()));
        engine.ingest().receive("test", "scripted", WebhookRequest.of(Map.of("auth", "ok"), "5511999990002|wamid.b|olá".getBytes()));
        List<String> open = engine.stores().conversations().list(tenant, ConversationQuery.all()).stream()
                .map(dev.switchboard.core.domain.Conversation::id).sorted().toList();
        assertThat(open).hasSize(2);
        long last = events(tenant).getLast().id();

        engine.agents().delete(tenant, agent);

        assertThat(events(tenant)).filteredOn(e -> e.id() > last).extracting(StoredEvent::type, StoredEvent::resourceId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(StoredEvent.CONVERSATION_UPDATED, open.get(0)),
                        org.assertj.core.groups.Tuple.tuple(StoredEvent.CONVERSATION_UPDATED, open.get(1)));
        assertThat(engine.stores().conversations().find(open.get(0)).orElseThrow().status()).isEqualTo(ConversationStatus.ARCHIVED);
    }
}
