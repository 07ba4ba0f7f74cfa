package dev.switchboard.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.channel.MalformedWebhookException;
import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.channel.InboundEvent;
import dev.switchboard.core.domain.Direction;
import dev.switchboard.core.memory.InMemoryInboundJournal;
import dev.switchboard.core.memory.InMemoryLocks;
import dev.switchboard.core.memory.InMemoryStores;
import dev.switchboard.core.store.ConversationQuery;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.store.InboundJournal;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.store.WebhookLogQuery;
import dev.switchboard.core.usecase.AddCredits;
import dev.switchboard.core.usecase.CreateAgent;
import dev.switchboard.core.usecase.CreateTenant;
import dev.switchboard.core.usecase.RegisterChannelAccount;
import dev.switchboard.core.work.Lease;
import dev.switchboard.core.work.Task;
import dev.switchboard.testkit.fake.ScriptedChannel;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Deferred ingest: the webhook path journals a verified delivery; a {@link Task#RECEIVE} stores its events. */
class DeferredIngestTest {
    private final InMemoryInboundJournal journal = new InMemoryInboundJournal();
    private final ScriptedChannel channel = new ScriptedChannel() {
        @Override
        public List<InboundEvent> parse(WebhookRequest request) {
            if (request.bodyText().equals("garbled")) throw new MalformedWebhookException("not a delivery");
            if (request.bodyText().equals("crash")) throw new IllegalStateException("a parser bug");
            Runnable hook = onParse.remove(request.bodyText());
            if (hook != null) hook.run();
            return super.parse(request);
        }
    };
    /** Runs once when the body it is keyed by is parsed (a worker's drain is then under way). */
    private final Map<String, Runnable> onParse = new java.util.concurrent.ConcurrentHashMap<>();
    private final InMemoryLocks locks = InMemoryLocks.create();
    private final AtomicInteger failInbound = new AtomicInteger();
    /** Inbound messages (by provider id) whose next store fails. */
    private final java.util.Set<String> failOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Switchboard engine = Switchboard.create(c -> c.stores(failing(InMemoryStores.create().stores())).channel(channel)
            .journal(journal).locks(locks).settings(EngineSettings.defaults().withSweep(Duration.ZERO, Duration.ZERO)));
    private String tenant;

    @AfterEach
    void close() {
        engine.close();
    }

    /** Stores whose next {@code failInbound} inbound messages fail as a database that is down would. */
    private Stores failing(Stores stores) {
        ConversationStore real = stores.conversations();
        ConversationStore proxy = (ConversationStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConversationStore.class}, (p, method, args) -> {
                    if (method.getName().equals("acceptInbound") && (failInbound.getAndUpdate(n -> Math.max(n - 1, 0)) > 0
                            || failOnce.remove(((dev.switchboard.core.store.NewInbound) args[0]).externalId()))) {
                        throw new IllegalStateException("database unavailable");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return stores.withConversations(proxy);
    }

    private void tenantWithAgent() {
        tenant = engine.tenants().create(CreateTenant.withEmail("d@example.com")).id();
        engine.channelAccounts().register(tenant, RegisterChannelAccount.of("test", "acc-1", "tok"));
        engine.agents().create(tenant, CreateAgent.builder("Bot").accountId("acc-1").instructions("Help.").debounceMs(0L).build());
        engine.credits().add(tenant, AddCredits.of(10));
    }

    /** Takes the next task, which must be {@code expected}, runs it and completes it. */
    private TurnOutcome runNext(Task expected) throws InterruptedException {
        Lease lease = engine.queue().take(Duration.ofSeconds(2)).orElseThrow();
        assertThat(lease.task()).isEqualTo(expected);
        TurnOutcome outcome = engine.run(lease.task());
        engine.queue().complete(lease);
        return outcome;
    }

    /** The receive tasks queued now (turn tasks are taken and dropped). */
    private List<Task> queuedReceives() throws InterruptedException {
        List<Task> receives = new java.util.ArrayList<>();
        for (var lease = engine.queue().take(Duration.ofMillis(20)); lease.isPresent(); lease = engine.queue().take(Duration.ofMillis(20))) {
            if (lease.get().task().kind().equals(Task.RECEIVE)) receives.add(lease.get().task());
            engine.queue().complete(lease.get());
        }
        return receives;
    }

    private int messages() {
        return engine.stores().conversations().list(tenant, ConversationQuery.all()).stream()
                .mapToInt(c -> engine.stores().conversations().history(c.id(), 100).size()).sum();
    }

    @Test
    void a_verified_delivery_is_journaled_without_its_credentials_then_a_worker_stores_it_once_and_the_turn_follows() throws Exception {
        tenantWithAgent();
        WebhookRequest delivery = new WebhookRequest(Map.of("auth", List.of("ok"), "X-Hub-Signature-256", List.of("sha256=ab"),
                "Content-Type", List.of("application/json")), Map.of("secret_token", List.of("s"), "instance", List.of("loja")),
                "5511999990001|wamid.d1|oi".getBytes());

        IngestResult result = engine.deferredIngest().accept("test", "scripted", delivery);

        assertThat(result.accepted()).isTrue();
        assertThat(result.journaled()).startsWith("inb_");
        assertThat(result.stored()).isZero();
        assertThat(messages()).as("nothing parsed or stored on the webhook path").isZero();
        InboundJournal.Entry entry = journal.find(result.journaled()).orElseThrow();
        assertThat(entry.request().headers()).containsOnlyKeys("Content-Type");
        assertThat(entry.request().query()).containsOnlyKeys("instance");
        assertThat(entry.request().body()).isEqualTo(delivery.body());

        assertThat(runNext(Task.receive(result.journaled()))).isInstanceOf(TurnOutcome.Done.class);
        assertThat(messages()).isEqualTo(1);
        assertThat(journal.size()).isZero();
        String conv = engine.stores().conversations().list(tenant, ConversationQuery.all()).getFirst().id();
        runNext(Task.turn(conv));
        assertThat(channel.sent()).hasSize(1);

        // the provider delivers it again: journaled again, stored once
        String again = engine.deferredIngest().accept("test", "scripted", delivery).journaled();
        assertThat(runNext(Task.receive(again))).asString().contains("1 duplicates");
        assertThat(engine.stores().conversations().history(conv, 10)).filteredOn(m -> m.direction() == Direction.INBOUND).hasSize(1);
        assertThat(journal.size()).isZero();
    }

    @Test
    void a_forged_delivery_is_refused_on_the_webhook_path_and_journals_nothing() {
        tenantWithAgent();
        IngestResult result = engine.deferredIngest().accept("test", "scripted", channel.forged("5511999990002|wamid.f|oi"));
        assertThat(result.accepted()).isFalse();
        assertThat(journal.size()).isZero();
    }

    @Test
    void an_entry_whose_events_cannot_be_stored_stays_until_a_retry_stores_them() throws Exception {
        tenantWithAgent();
        String id = engine.deferredIngest().accept("test", "scripted", channel.webhook("5511999990003|wamid.r|oi")).journaled();
        failInbound.set(1);
        Lease lease = engine.queue().take(Duration.ofSeconds(2)).orElseThrow();
        assertThatThrownBy(() -> engine.run(lease.task())).hasMessageContaining("database unavailable");
        assertThat(journal.find(id)).isPresent();
        assertThat(messages()).isZero();

        engine.run(lease.task()); // the worker pool's retry
        assertThat(messages()).isEqualTo(1);
        assertThat(journal.find(id)).isEmpty();
    }

    @Test
    void a_malformed_delivery_is_logged_and_dropped_not_retried() throws Exception {
        tenantWithAgent();
        String id = engine.deferredIngest().accept("test", "scripted", channel.webhook("garbled")).journaled();
        assertThat(runNext(Task.receive(id))).asString().contains("malformed");
        assertThat(journal.find(id)).isEmpty();
        engine.flushWebhookLog();
        assertThat(engine.stores().webhookLog().find(new WebhookLogQuery(null, "test", null, false, 10, 0)))
                .extracting(e -> e.eventType()).containsExactly("malformed");
    }

    @Test
    void a_delivery_the_parser_fails_on_is_dropped_once_not_retried_forever() throws Exception {
        tenantWithAgent();
        String key = batch("inb_b3", "crash", "5511999990031|c.1|oi");
        assertThat(engine.run(Task.receive(key))).asString().contains("2 deliveries", "1 stored", "1 malformed");
        assertThat(journal.size()).isZero();
        assertThat(texts("c.")).containsExactly("oi");
        engine.flushWebhookLog();
        assertThat(engine.stores().webhookLog().find(new WebhookLogQuery(null, "test", null, false, 10, 0)))
                .filteredOn(e -> e.eventType().equals("malformed")).singleElement()
                .satisfies(e -> assertThat(e.error()).contains("a parser bug"));
    }

    @Test
    void the_sweep_queues_again_an_entry_whose_task_was_lost() throws Exception {
        tenantWithAgent();
        journal.append(new InboundJournal.Entry("inb_lost", "test", "scripted", channel.webhook("5511999990004|wamid.l|oi"),
                Instant.now().minusSeconds(600)));
        journal.append(new InboundJournal.Entry("inb_new", "test", "scripted", channel.webhook("5511999990005|wamid.n|oi"),
                Instant.now().plusSeconds(600)));
        assertThat(engine.deferredIngest().backlog()).isGreaterThanOrEqualTo(Duration.ofSeconds(600));
        assertThat(engine.sweep()).isEqualTo(1);
        assertThat(engine.queue().take(Duration.ofMillis(50))).as("not due yet: its own task may still be queued")
                .hasValueSatisfying(l -> assertThat(l.task()).isEqualTo(Task.receive("inb_lost")));
        engine.run(Task.receive("inb_lost"));
        assertThat(messages()).as("the drain stores whatever waits, oldest first").isEqualTo(2);
        assertThat(engine.deferredIngest().backlog()).isZero();
    }

    /** Journals {@code lines} as one batch (as PostgreSQL's group commit does), ids {@code <key>_0…}; @return the batch's key */
    private String batch(String key, String... lines) {
        for (int i = 0; i < lines.length; i++) {
            journal.appendTo(key + "_0", new InboundJournal.Entry(key + "_" + i, "test", "scripted", channel.webhook(lines[i]), Instant.now()));
        }
        return key + "_0";
    }

    private List<String> texts(String customer) {
        return engine.stores().conversations().list(tenant, ConversationQuery.all()).stream()
                .filter(c -> engine.stores().conversations().history(c.id(), 100).stream().anyMatch(m -> m.externalId() != null && m.externalId().startsWith(customer)))
                .flatMap(c -> engine.stores().conversations().history(c.id(), 100).stream()).map(m -> m.text()).toList();
    }

    @Test
    void one_task_stores_a_whole_batch_each_customers_messages_in_order_and_an_edit_after_the_message_it_edits() throws Exception {
        tenantWithAgent();
        String key = batch("inb_b1",
                "edit|a.1|um (editado)", // received first, but a message it edits comes later in the batch
                "5511999990011|a.1|um",
                "5511999990012|b.1|oi",
                "5511999990011|a.2|dois",
                "5511999990011|a.3|tres");

        assertThat(engine.run(Task.receive(key))).asString().contains("5 deliveries", "4 stored", "1 updates");

        assertThat(journal.size()).isZero();
        assertThat(texts("a.")).containsExactly("um (editado)", "dois", "tres");
        assertThat(texts("b.")).containsExactly("oi");
        List<Task> queued = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) queued.add(engine.queue().take(Duration.ofSeconds(2)).orElseThrow().task());
        assertThat(queued).as("a turn per conversation").allMatch(t -> t.kind().equals(Task.TURN)).doesNotHaveDuplicates();
        assertThat(engine.queue().take(Duration.ofMillis(50))).as("and nothing else").isEmpty();
    }

    @Test
    void a_delivery_whose_store_fails_is_kept_with_its_customers_later_ones_and_the_rest_of_the_batch_is_done() throws Exception {
        tenantWithAgent();
        String key = batch("inb_b2", "5511999990021|a.1|um", "5511999990022|b.1|oi", "5511999990021|a.2|dois", "garbled");
        failOnce.add("a.1");

        assertThatThrownBy(() -> engine.run(Task.receive(key))).hasMessageContaining("database unavailable");
        assertThat(journal.batch(key)).as("a.1 failed: it and a.2 after it wait; b.1 and the malformed one are done")
                .extracting(InboundJournal.Entry::id).containsExactly("inb_b2_0", "inb_b2_2");
        assertThat(texts("b.")).containsExactly("oi");
        assertThat(texts("a.")).isEmpty();

        assertThat(engine.run(Task.receive(key))).asString().contains("2 deliveries", "2 stored"); // the retry
        assertThat(texts("a.")).containsExactly("um", "dois");
        assertThat(journal.size()).isZero();
        assertThat(engine.run(Task.receive(key))).asString().contains("already processed");
    }

    @Test
    void a_customers_deliveries_in_two_batches_are_stored_in_the_order_received_whichever_task_runs_first() throws Exception {
        tenantWithAgent();
        String first = batch("inb_c1", "5511999990041|d.1|um", "5511999990042|e.1|oi");
        String second = batch("inb_c2", "5511999990041|d.2|dois", "5511999990041|d.3|tres");

        // the second batch's task runs first (another worker took the first batch's task and has not started it)
        assertThat(engine.run(Task.receive(second))).asString().contains("2 batches", "4 deliveries", "4 stored");
        assertThat(texts("d.")).containsExactly("um", "dois", "tres");
        assertThat(texts("e.")).containsExactly("oi");
        assertThat(journal.size()).isZero();
        assertThat(engine.run(Task.receive(first))).asString().contains("already processed");
    }

    @Test
    void a_task_that_finds_the_journal_being_drained_leaves_its_batch_to_the_worker_draining_it() throws Exception {
        tenantWithAgent();
        String key = batch("inb_d1", "5511999990051|f.1|um");
        var drainer = locks.tryAcquire(DeferredIngest.DRAIN_LOCK, Duration.ofSeconds(30)).orElseThrow();

        assertThat(engine.run(Task.receive(key))).asString().contains("another worker is draining");
        assertThat(journal.batch(key)).as("left for the drainer").hasSize(1);

        drainer.close();
        assertThat(engine.run(Task.receive("inb_any"))).asString().contains("1 batch", "1 stored");
        assertThat(texts("f.")).containsExactly("um");
    }

    @Test
    void a_batch_journaled_while_a_drain_runs_is_stored_by_that_drain() throws Exception {
        tenantWithAgent();
        String key = batch("inb_e1", "5511999990061|g.1|um");
        // journaled while the drain parses the first batch; its own task is never run
        onParse.put("5511999990061|g.1|um", () -> batch("inb_e2", "5511999990061|g.2|dois"));

        assertThat(engine.run(Task.receive(key))).asString().contains("2 batches", "2 stored");
        assertThat(texts("g.")).containsExactly("um", "dois");
        assertThat(journal.size()).isZero();
    }

    @Test
    void a_failed_store_keeps_its_customers_deliveries_in_later_batches_too_and_the_retry_stores_them_in_order() throws Exception {
        tenantWithAgent();
        String first = batch("inb_f1", "5511999990071|h.1|um", "5511999990072|i.1|oi");
        String second = batch("inb_f2", "5511999990071|h.2|dois", "5511999990073|j.1|ola");
        failOnce.add("h.1");

        assertThatThrownBy(() -> engine.run(Task.receive(second))).hasMessageContaining("database unavailable");
        assertThat(texts("i.")).containsExactly("oi");
        assertThat(texts("j.")).as("another customer in the later batch goes on").containsExactly("ola");
        assertThat(texts("h.")).isEmpty();
        assertThat(journal.batch(first)).extracting(InboundJournal.Entry::id).containsExactly("inb_f1_0");
        assertThat(journal.batch(second)).as("kept behind h.1").extracting(InboundJournal.Entry::id).containsExactly("inb_f2_0");

        assertThat(engine.run(Task.receive(second))).asString().contains("2 batches", "2 stored"); // the retry
        assertThat(texts("h.")).containsExactly("um", "dois");
        assertThat(journal.size()).isZero();
    }

    @Test
    void a_drain_past_its_budget_stores_a_round_then_queues_a_task_for_the_rest() throws Exception {
        tenantWithAgent();
        batch("inb_g1", "5511999990081|k.1|um");
        batch("inb_g2", "5511999990081|k.2|dois");
        String last = batch("inb_g3", "5511999990082|l.1|oi");
        engine.deferredIngest().drainLimits(1, Duration.ZERO); // a batch a round, the budget spent at once

        assertThat(engine.run(Task.receive(last))).asString().contains("1 batch", "1 stored");
        assertThat(texts("k.")).containsExactly("um");
        assertThat(queuedReceives()).as("the rest handed to a new task").containsExactly(Task.receive("inb_g2_0"));
        assertThat(engine.run(Task.receive("inb_g2_0"))).asString().contains("1 batch", "1 stored");
        assertThat(queuedReceives()).containsExactly(Task.receive("inb_g3_0"));
        assertThat(engine.run(Task.receive("inb_g3_0"))).asString().contains("1 batch", "1 stored");
        assertThat(queuedReceives()).as("nothing left, nothing handed over").isEmpty();
        assertThat(texts("k.")).containsExactly("um", "dois");
        assertThat(texts("l.")).containsExactly("oi");
        assertThat(journal.size()).isZero();
    }

    @Test
    void an_engine_without_a_journal_says_so() {
        try (Switchboard plain = Switchboard.create(c -> c.channel(new ScriptedChannel()))) {
            assertThatThrownBy(plain::deferredIngest).isInstanceOf(IllegalStateException.class).hasMessageContaining("journal");
        }
    }
}
