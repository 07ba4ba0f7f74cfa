package dev.switchboard.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.channel.InboundEvent;
import dev.switchboard.core.channel.SendResult;
import dev.switchboard.core.domain.Agent;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.Conversation;
import dev.switchboard.core.domain.ConversationStatus;
import dev.switchboard.core.domain.DeliveryStatus;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.domain.Secret;
import dev.switchboard.core.domain.Tenant;
import dev.switchboard.core.model.ModelReply;
import dev.switchboard.core.store.ConversationQuery;
import dev.switchboard.core.store.MessageQuery;
import dev.switchboard.core.work.Task;
import dev.switchboard.testkit.fake.ScriptedChannel;
import dev.switchboard.testkit.fake.ScriptedModel;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The channel-neutral hooks new channels use without editing core: a typing indicator when a turn
 * starts the model, contact attributes, the blocked-recipient flag, edits of inbound messages, and
 * the conversation facts the worker reads instead of the history (greeted, window closed).
 */
class ChannelHooksTest {
    private final ScriptedChannel channel = new ScriptedChannel().serviceWindow(Duration.ofHours(24)).closesWindowOn("131047");
    private final ScriptedModel model = new ScriptedModel();
    private Switchboard engine;
    private String tenant;

    @BeforeEach
    void setUp() {
        engine = Switchboard.create(c -> c.channel(channel).model(model)
                .settings(EngineSettings.defaults().withSendBackoff(Duration.ofMillis(1))));
        Instant now = Instant.now();
        tenant = engine.stores().tenants().create(new Tenant("t-1", "t@example.com", "Loja", null, now)).id();
        engine.stores().accounts().create(new ChannelAccount("acc-1", tenant, "test", "scripted", null, Secret.of("tok"),
                "Loja", Map.of(), now));
        engine.stores().credits().add(tenant, 100, "topup", "test");
        agent(null);
    }

    private void agent(String greeting) {
        Instant now = Instant.now();
        Agent agent = new Agent("agent-1", tenant, "acc-1", "Bot", null, null, "Help.", null, greeting, null, 0, null, true,
                null, Map.of(), now, now);
        if (engine.stores().agents().find("agent-1").isPresent()) engine.stores().agents().update(agent);
        else engine.stores().agents().create(agent);
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private String receive(String line) {
        var r = engine.ingest().receive("test", "scripted", channel.webhook(line));
        assertThat(r.accepted()).isTrue();
        return onlyConversation().id();
    }

    private Conversation onlyConversation() {
        return engine.stores().conversations().list(tenant, ConversationQuery.all()).getFirst();
    }

    private TurnOutcome turn(String conversationId) {
        return engine.run(Task.turn(conversationId));
    }

    @Test
    void a_turn_that_calls_the_model_shows_the_typing_indicator_to_the_customer_first() {
        turn(receive("5511999990001|m1|oi"));
        assertThat(channel.typings()).containsExactly("5511999990001");
        assertThat(channel.texts()).containsExactly("reply 1");
    }

    @Test
    void a_turn_that_does_not_call_the_model_shows_no_typing_indicator() {
        String conv = receive("5511999990001|m1|oi");
        engine.stores().conversations().setStatus(conv, ConversationStatus.PAUSED, "an operator took over");
        turn(conv);
        assertThat(channel.typings()).isEmpty();
        assertThat(model.turns()).isEmpty();
    }

    @Test
    void a_failing_typing_indicator_does_not_fail_the_turn() {
        channel.failTypingWith(new IllegalStateException("typing endpoint down"));
        TurnOutcome outcome = turn(receive("5511999990001|m1|oi"));
        assertThat(outcome).isInstanceOf(TurnOutcome.Done.class);
        assertThat(channel.texts()).containsExactly("reply 1");
    }

    @Test
    void contact_attributes_a_channel_reads_are_kept_on_the_contact() {
        var event = new InboundEvent.MessageReceived("acc-1", "m1", "5511999990001", "Ana", null, "text", "oi", null, null,
                Instant.now(), "{}", Map.of("username", "ana_s", "locale", "pt-BR"));
        engine.ingest().receive("test", "scripted", channel.webhook(event));
        var contact = engine.stores().contacts().find(onlyConversation().contactId()).orElseThrow();
        assertThat(contact.attribute("username")).isEqualTo("ana_s");
        assertThat(contact.metadata()).containsEntry("locale", "pt-BR");
    }

    @Test
    void a_send_refused_because_the_recipient_blocked_us_flags_the_conversation_until_they_write_again() {
        channel.enqueue(new SendResult.Permanent("blocked", "the user blocked the bot", SendResult.Cause.RECIPIENT_BLOCKED));
        String conv = receive("5511999990001|m1|oi");
        turn(conv);
        assertThat(channel.sent()).hasSize(1);
        assertThat(onlyConversation().recipientBlocked()).isTrue();

        receive("5511999990001|m2|voltei");
        assertThat(onlyConversation().recipientBlocked()).isFalse();
    }

    @Test
    void an_ordinary_permanent_failure_does_not_flag_the_recipient_as_blocking_us() {
        channel.enqueue(new SendResult.Permanent("400", "bad request"));
        turn(receive("5511999990001|m1|oi"));
        assertThat(onlyConversation().recipientBlocked()).isFalse();
        assertThat(onlyConversation().providerClosedWindow()).isFalse();
    }

    @Test
    void an_edit_updates_the_stored_message_and_starts_no_turn() throws InterruptedException {
        String conv = receive("5511999990001|m1|quero 2");
        turn(conv);
        assertThat(model.turns()).hasSize(1);
        while (engine.queue().take(Duration.ZERO).isPresent()) {
            // drop the message's own task: this test runs its turns itself
        }

        var r = engine.ingest().receive("test", "scripted", channel.webhook("edit|m1|quero 3"));
        assertThat(r.updates()).isEqualTo(1);
        Message edited = engine.stores().conversations().findByExternalId("acc-1", "m1").orElseThrow();
        assertThat(edited.text()).isEqualTo("quero 3");
        assertThat(edited.editedAt()).isNotNull();
        assertThat(engine.queue().take(Duration.ZERO)).as("no work queued by an edit").isEmpty();
        turn(conv);
        assertThat(model.turns()).hasSize(1);
        assertThat(onlyConversation().lastSeq()).isEqualTo(2);
    }

    @Test
    void an_edit_of_a_message_never_stored_is_ignored() {
        var r = engine.ingest().receive("test", "scripted", channel.webhook("edit|unknown|x"));
        assertThat(r.ignored()).isEqualTo(1);
    }

    @Test
    void the_greeting_goes_out_once_before_the_first_answer() {
        agent("Olá! Sou a assistente.");
        String conv = receive("5511999990001|m1|oi");
        turn(conv);
        receive("5511999990001|m2|e aí?");
        turn(conv);
        assertThat(channel.texts()).containsExactly("Olá! Sou a assistente.", "reply 1", "reply 1");
        assertThat(onlyConversation().greeted()).isTrue();
    }

    @Test
    void no_greeting_once_someone_already_wrote_to_the_customer() {
        agent("Olá! Sou a assistente.");
        engine.ingest().receive("test", "scripted", channel.webhook("5511999990001|m1|oi"));
        engine.ingest().receive("test", "scripted", channel.webhook("echo|5511999990001|e1|Oi Ana, aqui é a Carla"));
        Conversation c = onlyConversation();
        assertThat(c.greeted()).isTrue();
        engine.stores().conversations().setStatus(c.id(), ConversationStatus.ACTIVE, null);
        turn(c.id());
        assertThat(channel.texts()).containsExactly("reply 1");
    }

    @Test
    void once_a_send_reports_the_window_closed_no_free_form_send_is_attempted_until_the_customer_writes() {
        channel.enqueue(new SendResult.Permanent("131047", "Re-engagement message"));
        String conv = receive("5511999990001|m1|oi");
        turn(conv);
        assertThat(onlyConversation().providerClosedWindow()).isTrue();

        engine.stores().conversations().appendOutbound(conv, dev.switchboard.core.store.NewOutbound.agentText("later", null, null));
        turn(conv);
        assertThat(channel.sent()).as("the pending message is not attempted").hasSize(1);
        Message withheld = engine.stores().conversations().messages(tenant, MessageQuery.conversation(conv)).getLast();
        assertThat(withheld.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(withheld.errorCode()).isEqualTo(Delivery.WINDOW_CLOSED);

        receive("5511999990001|m2|voltei");
        turn(conv);
        assertThat(channel.texts()).endsWith("reply 1");
        assertThat(channel.sent()).hasSize(2);
    }

    @Test
    void a_delivery_report_that_closes_the_window_closes_it_for_the_next_send() {
        String conv = receive("5511999990001|m1|oi");
        turn(conv);
        var r = engine.ingest().receive("test", "scripted", channel.webhook("status|out-1|failed|131047"));
        assertThat(r.updates()).isEqualTo(1);
        assertThat(onlyConversation().providerClosedWindow()).isTrue();
    }

    @Test
    void a_scripted_model_failure_sends_the_fallback() {
        model.enqueueFailure(new IllegalStateException("model down"));
        turn(receive("5511999990001|m1|oi"));
        assertThat(channel.texts()).containsExactly(Agent.DEFAULT_FALLBACK_REPLY);
        model.enqueue(ModelReply.text("back"));
        receive("5511999990001|m2|oi?");
        turn(onlyConversation().id());
        assertThat(channel.texts()).endsWith("back");
    }
}
