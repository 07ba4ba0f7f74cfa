package dev.switchboard.core.engine;

import dev.switchboard.core.domain.CreditPolicy;
import dev.switchboard.core.usecase.CreateTenant;
import dev.switchboard.core.usecase.RegisterChannelAccount;
import dev.switchboard.core.usecase.AddCredits;
import dev.switchboard.core.usecase.SetConversationStatus;
import dev.switchboard.core.usecase.SendOperatorMessage;
import dev.switchboard.core.usecase.UpdateAgent;
import dev.switchboard.core.usecase.CreateAgent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.channel.AccountDirectory;
import dev.switchboard.core.channel.Channel;
import dev.switchboard.core.channel.InboundEvent;
import dev.switchboard.core.channel.OutboundContent;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.channel.SendResult;
import dev.switchboard.core.channel.Verification;
import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.ConversationStatus;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.domain.Sender;
import dev.switchboard.core.model.AgentModel;
import dev.switchboard.core.model.LeadData;
import dev.switchboard.core.model.LeadExtractor;
import dev.switchboard.core.model.ModelAction;
import dev.switchboard.core.model.ModelReply;
import dev.switchboard.core.model.TurnRequest;
import dev.switchboard.core.store.MessageQuery;
import dev.switchboard.core.work.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import dev.switchboard.testkit.fake.ScriptedChannel;
import dev.switchboard.testkit.fake.ScriptedModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine's rules, driven synchronously through {@link Switchboard#run} with testkit's scripted channel and model. */
class EngineTest {

    ScriptedChannel channel;
    ScriptedModel model;
    Switchboard engine;
    String tenant;
    String agentId;

    @BeforeEach
    void setUp() {
        channel = new ScriptedChannel();
        model = new ScriptedModel();
        engine = Switchboard.create(c -> c.channel(channel).model(model).extractor(model)
                .settings(EngineSettings.defaults().withSendBackoff(Duration.ofMillis(1)).withExtractionInterval(Duration.ofMillis(1))));
        tenant = engine.tenants().create(CreateTenant.withEmail("t@example.com")).id();
        engine.channelAccounts().register(tenant, RegisterChannelAccount.of("test", "acc-1", "tok"));
        agentId = engine.agents().create(tenant, agent().build()).id();
        engine.credits().add(tenant, AddCredits.of(10));
    }

    private static CreateAgent.Builder agent() {
        return CreateAgent.builder("Bot").accountId("acc-1").instructions("Help.").debounceMs(0L);
    }

    private String receive(String body) {
        var r = engine.ingest().receive("test", "scripted", WebhookRequest.of(Map.of("auth", "ok"), body.getBytes()));
        assertThat(r.accepted()).isTrue();
        return engine.stores().conversations().list(tenant, dev.switchboard.core.store.ConversationQuery.all()).getFirst().id();
    }

    /** Lead extraction after the (1 ms) quiet interval has passed. */
    private TurnOutcome extract(String conv) {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return engine.run(Task.extract(conv));
    }

    private TurnOutcome turn(String conv) {
        return engine.run(Task.turn(conv));
    }

    @Test
    void forged_webhook_is_refused_before_anything_is_stored() {
        var r = engine.ingest().receive("test", "scripted", WebhookRequest.of(Map.of("auth", "no"), "u1|m1|hi".getBytes()));
        assertThat(r.accepted()).isFalse();
        assertThat(engine.stores().conversations().messages(tenant, MessageQuery.all())).isEmpty();
    }

    @Test
    void a_burst_gets_one_model_call_and_one_reply() {
        receive("u1|m1|one");
        receive("u1|m2|two");
        String conv = receive("u1|m3|three");
        turn(conv);
        turn(conv);
        assertThat(model.turns()).hasSize(1);
        assertThat(model.turns().getFirst().burst()).extracting(Message::text).containsExactly("one", "two", "three");
        assertThat(channel.texts()).containsExactly("reply 3");
    }

    @Test
    void debounce_window_defers_the_turn_until_the_newest_message_is_quiet() {
        engine.agents().update(tenant, agentId, UpdateAgent.builder().debounceMs(60_000L).build());
        String conv = receive("u1|m1|hi");
        assertThat(turn(conv)).isInstanceOf(TurnOutcome.RetryAt.class);
        assertThat(model.turns()).isEmpty();
    }

    @Test
    void paused_conversation_gets_no_bot_reply_until_an_operator_resumes_it() {
        String conv = receive("u1|m1|hi");
        engine.conversations().setStatus(tenant, conv, SetConversationStatus.to(ConversationStatus.PAUSED));
        turn(conv);
        assertThat(model.turns()).isEmpty();
        engine.conversations().setStatus(tenant, conv, SetConversationStatus.to(ConversationStatus.ACTIVE));
        receive("u1|m2|back?");
        turn(conv);
        assertThat(model.turns()).hasSize(1);
        assertThat(model.turns().getFirst().burst()).extracting(Message::text).containsExactly("back?");
    }

    @Test
    void an_echo_from_the_business_phone_is_stored_as_human_and_pauses_the_bot() {
        String conv = receive("u1|m1|hi");
        receive("echo|u1|e1|I'll take it from here");
        var c = engine.stores().conversations().find(conv).orElseThrow();
        assertThat(c.status()).isEqualTo(ConversationStatus.PAUSED);
        assertThat(engine.stores().conversations().history(conv, 10)).extracting(Message::sender).containsExactly(Sender.USER, Sender.HUMAN);
        turn(conv);
        assertThat(model.turns()).isEmpty();
    }

    @Test
    void the_echo_of_our_own_send_is_not_taken_for_a_human() {
        String conv = receive("u1|m1|hi");
        turn(conv);
        receive("echo|u1|out-1|reply 1");
        assertThat(engine.stores().conversations().find(conv).orElseThrow().status()).isEqualTo(ConversationStatus.ACTIVE);
        assertThat(engine.stores().conversations().history(conv, 10)).hasSize(2);
    }

    @Test
    void the_echo_of_one_part_of_a_split_reply_is_not_taken_for_a_human() {
        model.replyWith(t -> ModelReply.text("First paragraph of a long answer.\n\nSecond paragraph."));
        String conv = receive("u1|m1|hi");
        turn(conv);
        receive("echo|u1|part-1|First paragraph of a long answer.");
        assertThat(engine.stores().conversations().find(conv).orElseThrow().status()).isEqualTo(ConversationStatus.ACTIVE);
        receive("echo|u1|phone-1|Hi, this is Carla from the shop");
        assertThat(engine.stores().conversations().find(conv).orElseThrow().status()).isEqualTo(ConversationStatus.PAUSED);
    }

    @Test
    void mark_read_agents_mark_the_newest_inbound_message_read_when_the_turn_starts() {
        List<String> read = new CopyOnWriteArrayList<>();
        ScriptedChannel reading = new ScriptedChannel() {
            @Override
            public void markRead(ChannelAccount account, String externalMessageId) {
                read.add(externalMessageId);
            }
        };
        Switchboard e = Switchboard.create(c -> c.channel(reading).model(model));
        String t = e.tenants().create(CreateTenant.withEmail("r@example.com")).id();
        e.channelAccounts().register(t, RegisterChannelAccount.of("test", "acc-1", "tok"));
        e.agents().create(t, agent().markRead(true).build());
        e.credits().add(t, AddCredits.of(5));
        e.ingest().receive("test", "scripted", WebhookRequest.of(Map.of("auth", "ok"), "u1|m1|one".getBytes()));
        e.ingest().receive("test", "scripted", WebhookRequest.of(Map.of("auth", "ok"), "u1|m2|two".getBytes()));
        String conv = e.stores().conversations().list(t, dev.switchboard.core.store.ConversationQuery.all()).getFirst().id();
        e.run(Task.turn(conv));
        assertThat(read).containsExactly("m2");
    }

    @Test
    void a_window_closed_failure_stops_free_form_sends_until_the_customer_writes_again() {
        AtomicInteger calls = new AtomicInteger();
        ScriptedChannel windowed = new ScriptedChannel() {
            @Override
            public java.util.Optional<Duration> serviceWindow() {
                return java.util.Optional.of(Duration.ofHours(24));
            }

            @Override
            public boolean closesServiceWindow(String code) {
                return "131047".equals(code);
            }

            @Override
            public SendResult send(ChannelAccount account, OutboundMessage m) {
                return calls.incrementAndGet() == 1 ? new SendResult.Permanent("131047", "Re-engagement message") : super.send(account, m);
            }
        };
        var stores = dev.switchboard.core.memory.InMemoryStores.create().stores();
        Switchboard e = Switchboard.create(c -> c.channel(windowed).model(model).stores(stores));
        String t = e.tenants().create(CreateTenant.withEmail("w@example.com")).id();
        e.channelAccounts().register(t, RegisterChannelAccount.of("test", "acc-1", "tok"));
        e.agents().create(t, agent().pauseOnHumanReply(false).build());
        e.credits().add(t, AddCredits.of(5));
        e.ingest().receive("test", "scripted", WebhookRequest.of(Map.of("auth", "ok"), "u1|m1|hi".getBytes()));
        String conv = stores.conversations().list(t, dev.switchboard.core.store.ConversationQuery.all()).getFirst().id();
        e.run(Task.turn(conv));
        e.conversations().send(t, conv, SendOperatorMessage.text("still there?"));
        e.run(Task.turn(conv));
        assertThat(calls.get()).isEqualTo(1);
        var operator = stores.conversations().history(conv, 10).getLast();
        assertThat(operator.errorCode()).isEqualTo("window_closed");
        assertThat(operator.lastError()).contains("provider reported");
        e.ingest().receive("test", "scripted", WebhookRequest.of(Map.of("auth", "ok"), "u1|m2|yes".getBytes()));
        e.conversations().setStatus(t, conv, SetConversationStatus.to(ConversationStatus.ACTIVE));
        e.run(Task.turn(conv));
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void relinking_a_number_to_another_agent_archives_its_conversations_and_a_new_message_opens_a_new_one() {
        String old = receive("u1|m1|hi");
        engine.agents().update(tenant, agentId, UpdateAgent.builder().accountId(null).build());
        String newAgent = engine.agents().create(tenant, CreateAgent.builder("New").accountId("acc-1").instructions("x").debounceMs(0L).build()).id();
        assertThat(engine.stores().conversations().find(old).orElseThrow().status()).isEqualTo(ConversationStatus.ARCHIVED);
        engine.ingest().receive("test", "scripted", WebhookRequest.of(Map.of("auth", "ok"), "u1|m2|hello again".getBytes()));
        var conversations = engine.conversations().list(tenant, dev.switchboard.core.store.ConversationQuery.all());
        assertThat(conversations).hasSize(2);
        var fresh = conversations.stream().filter(c -> !c.id().equals(old)).findFirst().orElseThrow();
        assertThat(fresh.agentId()).isEqualTo(newAgent);
        assertThat(fresh.status()).isEqualTo(ConversationStatus.ACTIVE);
        assertThat(fresh.modelConversationId()).isNull();
    }

    @Test
    void escalate_tool_call_marks_the_conversation_escalated_and_the_text_still_goes_out() {
        model.replyWith(t -> new ModelReply("A human will help you.", null, null, List.of(new ModelAction.Escalate("wants a refund")), null));
        String conv = receive("u1|m1|refund now");
        turn(conv);
        var c = engine.stores().conversations().find(conv).orElseThrow();
        assertThat(c.status()).isEqualTo(ConversationStatus.ESCALATED);
        assertThat(c.statusReason()).isEqualTo("wants a refund");
        assertThat(channel.texts()).containsExactly("A human will help you.");
        receive("u1|m2|hello?");
        turn(conv);
        assertThat(model.turns()).hasSize(1);
    }

    @Test
    void the_model_side_conversation_id_is_kept_with_the_reply_and_also_when_the_model_answers_without_text() {
        model.replyWith(t -> new ModelReply("first", null, "resp_1", List.of(), null));
        String conv = receive("u1|m1|hi");
        turn(conv);
        assertThat(engine.stores().conversations().find(conv).orElseThrow().modelConversationId()).isEqualTo("resp_1");
        model.replyWith(t -> new ModelReply(" ", null, "resp_2", List.of(), null));
        receive("u1|m2|again");
        turn(conv);
        var c = engine.stores().conversations().find(conv).orElseThrow();
        assertThat(c.modelConversationId()).isEqualTo("resp_2");
        assertThat(c.answeredThroughSeq()).isEqualTo(c.lastSeq());
        assertThat(channel.texts()).containsExactly("first");
    }

    @Test
    void credits_spent_while_the_model_answered_withhold_the_reply_and_its_tool_calls_and_charge_nothing() {
        model.replyWith(t -> {
            long balance = engine.stores().credits().balance(tenant);
            engine.stores().credits().tryDeduct(tenant, balance, "test:spent-elsewhere", null); // another turn took the rest
            return new ModelReply("A human will help you.", null, "resp_x", List.of(new ModelAction.Escalate("wants a refund")), null);
        });
        String conv = receive("u1|m1|refund now");
        assertThat(turn(conv)).isEqualTo(TurnOutcome.done("credits ran out while the model answered: reply withheld"));
        var c = engine.stores().conversations().find(conv).orElseThrow();
        assertThat(c.status()).isEqualTo(ConversationStatus.ACTIVE);
        assertThat(c.modelConversationId()).isNull();
        assertThat(c.answeredThroughSeq()).isEqualTo(1);
        assertThat(channel.texts()).isEmpty();
        assertThat(engine.stores().conversations().history(conv, 10)).hasSize(1);
        assertThat(engine.stores().credits().ledger(tenant, 10)).extracting(e -> e.reference())
                .doesNotContain("turn:" + conv + ":1");
    }

    @Test
    void greeting_opens_a_new_conversation_before_the_first_reply() {
        engine.agents().update(tenant, agentId, UpdateAgent.builder().greeting("Olá! Sou a assistente.").build());
        String conv = receive("u1|m1|hi");
        turn(conv);
        receive("u1|m2|again");
        turn(conv);
        assertThat(channel.texts()).containsExactly("Olá! Sou a assistente.", "reply 1", "reply 1");
    }

    @Test
    void model_failure_sends_the_fallback_and_refunds_the_turn() {
        model.replyWith(t -> { throw new IllegalStateException("boom"); });
        String conv = receive("u1|m1|hi");
        turn(conv);
        assertThat(channel.texts()).containsExactly(dev.switchboard.core.domain.Agent.DEFAULT_FALLBACK_REPLY);
        assertThat(engine.credits().balance(tenant)).isEqualTo(10);
    }

    @Test
    void per_1k_tokens_policy_charges_started_thousands_with_the_usage_on_the_ledger() {
        String tokens = engine.tenants().create(new CreateTenant(null, "tokens@example.com", null, CreditPolicy.PER_1K_TOKENS)).id();
        engine.channelAccounts().register(tokens, RegisterChannelAccount.of("test", "acc-2", "tok"));
        engine.agents().create(tokens, CreateAgent.builder("Bot").accountId("acc-2").instructions("Help.").debounceMs(0L).build());
        engine.credits().add(tokens, AddCredits.of(10));
        model.replyWith(t -> new ModelReply("long answer", new dev.switchboard.core.domain.Usage(2000, 500, 2500), null, List.of(), null));
        // the scripted channel addresses acc-1 only, so the second tenant's message goes straight to the store
        engine.stores().conversations().acceptInbound(new dev.switchboard.core.store.NewInbound(tokens,
                engine.agents().list(tokens).getFirst().id(), "acc-2", "test", "u9", "Ana", null, "m10", "text", "hi", null, null,
                "{}", Instant.now(), Duration.ofDays(1)));
        String conv = engine.stores().conversations().list(tokens, dev.switchboard.core.store.ConversationQuery.all()).getFirst().id();
        turn(conv);
        assertThat(engine.credits().balance(tokens)).isEqualTo(7);
        var deduction = engine.stores().credits().ledger(tokens, 1).getFirst();
        assertThat(deduction.delta()).isEqualTo(-3);
        assertThat(deduction.usage().totalTokens()).isEqualTo(2500);
    }

    @Test
    void work_the_queue_lost_is_found_again_by_the_sweep() throws Exception {
        var queue = new dev.switchboard.core.memory.InMemoryWorkQueue(java.time.Clock.systemUTC(), Duration.ofMinutes(1));
        var stores = dev.switchboard.core.memory.InMemoryStores.create().stores();
        Switchboard e = Switchboard.create(c -> c.channel(channel).model(model).stores(stores).queue(queue)
                .settings(EngineSettings.defaults().withSweep(Duration.ZERO, Duration.ofMillis(1))));
        String t = e.tenants().create(CreateTenant.withEmail("s@example.com")).id();
        e.channelAccounts().register(t, RegisterChannelAccount.of("test", "acc-1", "tok"));
        String agent = e.agents().create(t, agent().build()).id();
        e.credits().add(t, AddCredits.of(5));
        // stored, but never enqueued: as if Redis was down when the webhook came in
        String conv = stores.conversations().acceptInbound(new dev.switchboard.core.store.NewInbound(t, agent, "acc-1", "test", "u1",
                "Ana", null, "lost-1", "text", "anyone?", null, null, "{}", Instant.now(), Duration.ofDays(1))).conversation().id();
        Thread.sleep(10);
        assertThat(queue.take(Duration.ofMillis(50))).isEmpty();
        assertThat(e.sweep()).isEqualTo(1);
        var lease = queue.take(Duration.ofSeconds(1)).orElseThrow();
        assertThat(lease.task()).isEqualTo(Task.turn(conv));
        e.run(lease.task());
        queue.complete(lease);
        assertThat(channel.texts()).containsExactly("reply 1");
        assertThat(e.sweep()).isZero();
    }

    @Test
    void inbound_media_is_downloaded_on_the_worker_path_and_oversized_media_is_not_kept(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        ScriptedChannel media = new ScriptedChannel() {
            @Override
            public java.util.Optional<dev.switchboard.core.channel.FetchedMedia> fetchMedia(ChannelAccount a, dev.switchboard.core.domain.MediaRef ref) {
                byte[] bytes = ref.id().equals("big") ? new byte[5000] : "JPEGDATA".getBytes();
                return java.util.Optional.of(new dev.switchboard.core.channel.FetchedMedia("image/jpeg", -1, new java.io.ByteArrayInputStream(bytes)));
            }
        };
        var stores = dev.switchboard.core.memory.InMemoryStores.create().stores();
        Switchboard e = Switchboard.create(c -> c.channel(media).model(model).stores(stores)
                .media(new dev.switchboard.core.media.FileMediaStore(dir), 1000));
        String t = e.tenants().create(CreateTenant.withEmail("m@example.com")).id();
        e.channelAccounts().register(t, RegisterChannelAccount.of("test", "acc-1", "tok"));
        String agent = e.agents().create(t, agent().build()).id();
        e.credits().add(t, AddCredits.of(5));
        var small = stores.conversations().acceptInbound(new dev.switchboard.core.store.NewInbound(t, agent, "acc-1", "test", "u1",
                null, null, "img-1", "image", "a photo", dev.switchboard.core.domain.MediaRef.ofId("small", "image/jpeg"), null, "{}",
                Instant.now(), Duration.ofDays(1))).message();
        var big = stores.conversations().acceptInbound(new dev.switchboard.core.store.NewInbound(t, agent, "acc-1", "test", "u1",
                null, null, "img-2", "image", null, dev.switchboard.core.domain.MediaRef.ofId("big", "image/jpeg"), null, "{}",
                Instant.now(), Duration.ofDays(1))).message();
        e.run(Task.turn(small.conversationId()));
        String path = stores.conversations().findMessage(small.id()).orElseThrow().media().storedPath();
        assertThat(path).endsWith(".jpg");
        assertThat(java.nio.file.Path.of(path)).hasContent("JPEGDATA");
        assertThat(stores.conversations().findMessage(big.id()).orElseThrow().media().storedPath()).isNull();
        assertThat(dir.resolve(t)).isDirectoryNotContaining("glob:**.part");
        assertThat(media.texts()).hasSize(1);
    }

    @Test
    void one_tenant_never_sees_anothers_conversation() {
        String conv = receive("u1|m1|hi");
        String other = engine.tenants().create(CreateTenant.withEmail("other@example.com")).id();
        assertThat(engine.conversations().list(other, dev.switchboard.core.store.ConversationQuery.all())).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.conversations().get(other, conv))
                .isInstanceOf(dev.switchboard.core.support.NotFoundException.class);
    }

    @Test
    void quiet_conversation_is_extracted_once_and_again_after_new_messages() {
        model.enqueueLead(new LeadData("Ana", "ana@example.com", "Loja", "pricing", 2, 1, 3, 2, "2026-12-01T15:00:00Z", "hot lead", null));
        String conv = receive("u1|m1|hi");
        turn(conv);
        assertThat(extract(conv)).isEqualTo(TurnOutcome.done("extracted"));
        assertThat(extract(conv)).isEqualTo(TurnOutcome.done("nothing new since the last extraction"));
        receive("u1|m2|my email changed");
        turn(conv);
        extract(conv);
        var rows = engine.conversations().extractions(tenant, conv, 10, 0);
        assertThat(rows).hasSize(2);
        assertThat(rows.getFirst().email()).isEqualTo("ana@example.com");
        assertThat(rows.getFirst().demoDatetime()).isEqualTo(Instant.parse("2026-12-01T15:00:00Z"));
    }

    @Test
    void without_credits_an_extraction_is_skipped_and_not_offered_again_until_a_new_message() {
        model.enqueueLead(new LeadData("Ana", "ana@example.com", "Loja", "pricing", 2, 1, 3, 2, null, null, null));
        long balance = engine.stores().credits().balance(tenant);
        assertThat(engine.stores().credits().tryDeduct(tenant, balance, "test:spend", dev.switchboard.core.domain.Usage.NONE)).isTrue();
        String conv = receive("u1|m1|hi");
        turn(conv);

        assertThat(extract(conv)).isEqualTo(TurnOutcome.done("no credits for extraction"));
        assertThat(model.extractions().size()).isZero();
        assertThat(engine.stores().conversations().awaitingExtraction(Instant.now().plusSeconds(1), 100))
                .as("the sweep does not offer it again every interval").doesNotContain(conv);

        engine.credits().add(tenant, AddCredits.of(5));
        receive("u1|m2|still there?");
        turn(conv);
        assertThat(extract(conv)).isEqualTo(TurnOutcome.done("extracted"));
    }

    @Test
    void invalid_extraction_output_is_rejected_and_retried_not_stored() {
        model.enqueueLead(new LeadData("Ana", "not-an-email", null, null, 7, null, null, null, null, null, null));
        model.enqueueLead(new LeadData("Ana", "ana@example.com", null, null, 3, null, null, null, null, null, null));
        String conv = receive("u1|m1|hi");
        turn(conv);
        extract(conv);
        assertThat(model.extractions().size()).isEqualTo(2);
        var rows = engine.conversations().extractions(tenant, conv, 10, 0);
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst().urgency()).isEqualTo(3);
    }

    @Test
    void the_sweep_deletes_webhook_log_rows_past_their_retention() {
        Switchboard e = Switchboard.create(c -> c.channel(channel).model(model)
                .settings(EngineSettings.defaults().withWebhookLogRetention(Duration.ofDays(7))));
        var log = e.stores().webhookLog();
        log.record(new dev.switchboard.core.domain.WebhookLogEntry("wh-old", null, "test", "message", true, null, "{}",
                Instant.now().minus(Duration.ofDays(8))));
        log.record(new dev.switchboard.core.domain.WebhookLogEntry("wh-new", null, "test", "message", true, null, "{}",
                Instant.now().minus(Duration.ofDays(6))));

        e.sweep();

        assertThat(log.recent(null, 10)).extracting(dev.switchboard.core.domain.WebhookLogEntry::id).containsExactly("wh-new");
        e.close();
    }
}
