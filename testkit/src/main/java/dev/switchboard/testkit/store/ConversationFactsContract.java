package dev.switchboard.testkit.store;

import static dev.switchboard.testkit.store.StoreFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.domain.Conversation;
import dev.switchboard.core.domain.DeliveryStatus;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.domain.Sender;
import dev.switchboard.core.store.Accepted;
import dev.switchboard.core.store.NewInbound;
import dev.switchboard.core.store.NewOutbound;
import dev.switchboard.core.store.SendOutcome;
import dev.switchboard.core.store.Stores;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Contract for the facts a conversation keeps so hot paths need not re-read its history
 * ({@code greeted}, {@code windowClosedAt}, {@code recipientBlocked}, {@code lastAgentMessageId}),
 * for contact attributes, and for edits of inbound messages.
 */
public abstract class ConversationFactsContract {

    protected abstract Stores stores();

    protected Stores stores;
    private StoreFixtures.Setup setup;

    @BeforeEach
    void initStores() {
        stores = stores();
        setup = StoreFixtures.setup(stores);
    }

    private Accepted accept(String user, String text) {
        return stores.conversations().acceptInbound(setup.inbound(user, unique("wamid"), text));
    }

    private Conversation conversation(String id) {
        return stores.conversations().find(id).orElseThrow();
    }

    private Message send(String conversationId, Sender sender) {
        return stores.conversations().appendOutbound(conversationId,
                new NewOutbound(sender, "text", "Olá! Como posso ajudar?", null, null, null, DeliveryStatus.PENDING, null, null));
    }

    @Test
    void a_new_conversation_has_no_facts_set() {
        Conversation c = accept("16505550101", "oi").conversation();
        assertThat(c.greeted()).isFalse();
        assertThat(c.windowClosedAt()).isNull();
        assertThat(c.providerClosedWindow()).isFalse();
        assertThat(c.recipientBlocked()).isFalse();
        assertThat(c.lastAgentMessageId()).isNull();
    }

    @Test
    void any_outbound_message_marks_the_conversation_greeted_and_an_agent_message_becomes_the_last_agent_message() {
        String conv = accept("16505550102", "oi").conversation().id();
        send(conv, Sender.HUMAN);
        assertThat(conversation(conv).greeted()).isTrue();
        assertThat(conversation(conv).lastAgentMessageId()).isNull();

        Message greeting = send(conv, Sender.AGENT);
        assertThat(conversation(conv).lastAgentMessageId()).isEqualTo(greeting.id());
        Message reply = stores.conversations().recordReply(conv, 0, 1, NewOutbound.agentText("Temos, sim.", null, null))
                .orElseThrow();
        assertThat(conversation(conv).lastAgentMessageId()).isEqualTo(reply.id());
    }

    @Test
    void a_send_that_closed_the_window_is_kept_until_the_customer_writes_again() {
        String conv = accept("16505550103", "oi").conversation().id();
        Message m = send(conv, Sender.AGENT);
        stores.conversations().recordSend(m.id(), new SendOutcome(DeliveryStatus.FAILED, null, 1, "131047",
                "Re-engagement message", true, false));
        Conversation closed = conversation(conv);
        assertThat(closed.windowClosedAt()).isNotNull();
        assertThat(closed.providerClosedWindow()).isTrue();
        assertThat(stores.conversations().findMessage(m.id()).orElseThrow().errorCode()).isEqualTo("131047");

        accept("16505550103", "voltei");
        assertThat(conversation(conv).providerClosedWindow()).isFalse();
    }

    @Test
    void a_delivery_report_that_closes_the_window_marks_the_conversation_in_the_same_step() {
        String conv = accept("16505550104", "oi").conversation().id();
        Message m = send(conv, Sender.AGENT);
        String wamid = unique("wamid.out");
        stores.conversations().recordSend(m.id(), new SendOutcome(DeliveryStatus.SENT, wamid, 1, null, null));
        assertThat(conversation(conv).providerClosedWindow()).isFalse();

        var moved = stores.conversations().applyStatus(setup.account().id(), wamid, DeliveryStatus.FAILED, "131047",
                "Re-engagement message", StoreFixtures.now(), true);
        assertThat(moved).isPresent();
        assertThat(conversation(conv).providerClosedWindow()).isTrue();
    }

    @Test
    void a_delivery_report_that_does_not_close_the_window_leaves_it_open() {
        String conv = accept("16505550105", "oi").conversation().id();
        Message m = send(conv, Sender.AGENT);
        String wamid = unique("wamid.out");
        stores.conversations().recordSend(m.id(), new SendOutcome(DeliveryStatus.SENT, wamid, 1, null, null));
        stores.conversations().applyStatus(setup.account().id(), wamid, DeliveryStatus.DELIVERED, null, null, StoreFixtures.now());
        assertThat(conversation(conv).windowClosedAt()).isNull();
    }

    @Test
    void a_send_refused_because_the_recipient_blocked_us_flags_the_conversation_until_they_write_again() {
        String conv = accept("16505550106", "oi").conversation().id();
        Message m = send(conv, Sender.AGENT);
        stores.conversations().recordSend(m.id(), new SendOutcome(DeliveryStatus.FAILED, null, 1, "blocked",
                "the user blocked the business", false, true));
        assertThat(conversation(conv).recipientBlocked()).isTrue();
        assertThat(conversation(conv).windowClosedAt()).isNull();

        Accepted again = accept("16505550106", "desbloqueei");
        assertThat(again.conversation().recipientBlocked()).isFalse();
        assertThat(conversation(conv).recipientBlocked()).isFalse();
    }

    @Test
    void contact_attributes_are_stored_and_merged_on_later_messages() {
        var s = setup;
        NewInbound first = withAttributes(s.inbound("16505550107", unique("wamid"), "oi"),
                Map.of("username", "maria_s", "locale", "pt-BR"));
        Accepted a = stores.conversations().acceptInbound(first);
        var contact = stores.contacts().find(a.conversation().contactId()).orElseThrow();
        assertThat(contact.metadata()).containsEntry("username", "maria_s").containsEntry("locale", "pt-BR");
        assertThat(contact.attribute("locale")).isEqualTo("pt-BR");

        stores.conversations().acceptInbound(withAttributes(s.inbound("16505550107", unique("wamid"), "tudo bem?"),
                Map.of("locale", "pt-PT")));
        var merged = stores.contacts().find(a.conversation().contactId()).orElseThrow();
        assertThat(merged.metadata()).containsEntry("username", "maria_s").containsEntry("locale", "pt-PT");

        stores.conversations().acceptInbound(s.inbound("16505550107", unique("wamid"), "sem atributos"));
        assertThat(stores.contacts().find(a.conversation().contactId()).orElseThrow().metadata())
                .containsEntry("username", "maria_s").containsEntry("locale", "pt-PT");
    }

    private static NewInbound withAttributes(NewInbound in, Map<String, String> attributes) {
        return new NewInbound(in.tenantId(), in.agentId(), in.channelAccountId(), in.channel(), in.channelUserId(),
                in.displayName(), in.phoneE164(), in.externalId(), in.type(), in.text(), in.media(), in.replyToExternalId(),
                in.raw(), in.receivedAt(), Duration.ofDays(30), attributes);
    }

    @Test
    void an_edit_replaces_the_inbound_text_keeps_the_original_payload_and_moves_no_watermark() {
        String wamid = unique("wamid");
        Accepted a = stores.conversations().acceptInbound(setup.inbound("16505550108", wamid, "quero 2 unidades"));
        var editedAt = StoreFixtures.now();
        Message edited = stores.conversations().editInbound(setup.account().id(), wamid, "quero 3 unidades", editedAt)
                .orElseThrow();
        assertThat(edited.id()).isEqualTo(a.message().id());
        assertThat(edited.text()).isEqualTo("quero 3 unidades");
        assertThat(edited.editedAt()).isEqualTo(editedAt);
        assertThat(edited.raw()).isEqualTo(a.message().raw());
        assertThat(stores.conversations().findMessage(a.message().id()).orElseThrow().text()).isEqualTo("quero 3 unidades");
        Conversation c = conversation(a.conversation().id());
        assertThat(c.lastSeq()).isEqualTo(1);
        assertThat(c.answeredThroughSeq()).isZero();

        // the same edit delivered again changes nothing more
        assertThat(stores.conversations().editInbound(setup.account().id(), wamid, "quero 3 unidades", editedAt)
                .orElseThrow().text()).isEqualTo("quero 3 unidades");
    }

    @Test
    void an_edit_of_an_unknown_or_outbound_message_changes_nothing() {
        assertThat(stores.conversations().editInbound(setup.account().id(), unique("wamid"), "x", StoreFixtures.now()))
                .isEmpty();
        String conv = accept("16505550109", "oi").conversation().id();
        Message out = send(conv, Sender.AGENT);
        String wamid = unique("wamid.out");
        stores.conversations().recordSend(out.id(), new SendOutcome(DeliveryStatus.SENT, wamid, 1, null, null));
        assertThat(stores.conversations().editInbound(setup.account().id(), wamid, "x", StoreFixtures.now())).isEmpty();
        assertThat(stores.conversations().findMessage(out.id()).orElseThrow().text()).isEqualTo("Olá! Como posso ajudar?");
    }
}
