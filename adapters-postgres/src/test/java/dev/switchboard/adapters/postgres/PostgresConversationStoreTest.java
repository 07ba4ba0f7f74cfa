package dev.switchboard.adapters.postgres;

import static dev.switchboard.testkit.store.StoreFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.domain.ConversationStatus;
import dev.switchboard.core.domain.DeliveryStatus;
import dev.switchboard.core.domain.MediaRef;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.domain.Sender;
import dev.switchboard.core.domain.Usage;
import dev.switchboard.core.store.NewInbound;
import dev.switchboard.core.store.NewOutbound;
import dev.switchboard.core.store.SendOutcome;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.support.ConflictException;
import dev.switchboard.core.support.InvalidInputException;
import dev.switchboard.core.support.NotFoundException;
import dev.switchboard.testkit.store.StoreFixtures;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the PostgreSQL store adds to the contract kit: its schema's rules and edge cases. */
class PostgresConversationStoreTest {
    private static PostgresStores postgres;
    private static Stores stores;

    @BeforeAll
    static void start() {
        postgres = TestDatabase.start(4);
        stores = postgres.stores();
        TestDatabase.truncate();
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @Test
    void nothing_indexes_the_model_side_conversation_id_which_every_turn_changes() {
        TestDatabase.shared(); // migrated
        assertThat(TestDatabase.scalar("SELECT count(*) FROM pg_indexes WHERE tablename = 'conversations'"
                + " AND indexdef LIKE '%model_conversation_id%'")).isZero();
    }

    @Test
    void a_message_costs_three_index_entries_its_id_its_place_in_the_conversation_and_its_provider_id_and_a_send_a_fourth_until_sent() {
        TestDatabase.shared(); // migrated
        assertThat(TestDatabase.scalar("SELECT count(*) FROM pg_indexes WHERE tablename = 'messages' AND indexdef NOT LIKE '% WHERE %'"))
                .isEqualTo(3);
        // and a partial one (V18) that only an outbound message still to send enters
        assertThat(TestDatabase.scalar("SELECT count(*) FROM pg_indexes WHERE tablename = 'messages' AND indexdef LIKE '% WHERE %'"
                + " AND indexdef LIKE '%''outbound''%' AND indexdef LIKE '%''pending''%'")).isEqualTo(1);
        assertThat(TestDatabase.scalar("SELECT count(*) FROM pg_indexes WHERE tablename = 'messages'")).isEqualTo(4);
        assertThat(TestDatabase.scalar("SELECT count(*) FROM pg_indexes WHERE tablename = 'messages' AND indexdef LIKE '%(tenant_id)%'"))
                .isZero();
    }

    @Test
    void a_paid_reply_is_one_statement_a_turn_recorded_elsewhere_leaves_no_ledger_rows_and_a_foreign_credit_store_is_charged_apart() {
        var s = StoreFixtures.setup(stores);
        String tenant = s.tenant().id();
        stores.credits().add(tenant, 20, "topup", "t1");
        String conv = stores.conversations().acceptInbound(s.inbound("16505551234", unique("w"), "hi")).conversation().id();
        stores.conversations().recordReply(conv, 0, 1, dev.switchboard.core.store.NewOutbound.agentText("first", null, null));
        // moved: the statement saw the watermark before it charged, so there is no deduction and no refund
        var moved = stores.conversations().recordPaidReply(conv, 0, 1,
                dev.switchboard.core.store.NewOutbound.agentText("late", null, null), null,
                new dev.switchboard.core.store.TurnStore.ReplyCharge(tenant, 5, 1, "turn:x", null), stores.credits());
        assertThat(moved).isInstanceOf(dev.switchboard.core.store.TurnStore.PaidReply.Moved.class);
        assertThat(stores.credits().ledger(tenant, 10)).extracting(dev.switchboard.core.domain.CreditEntry::kind)
                .containsExactly("topup");

        // credits kept elsewhere (here: in memory) are charged through that store, not in this database
        var elsewhere = dev.switchboard.core.memory.InMemoryStores.create().stores().credits();
        elsewhere.add(tenant, 7, "topup", "t1");
        stores.conversations().acceptInbound(s.inbound("16505551234", unique("w"), "again"));
        var paid = stores.conversations().recordPaidReply(conv, 1, 3,
                dev.switchboard.core.store.NewOutbound.agentText("second", null, null), null,
                new dev.switchboard.core.store.TurnStore.ReplyCharge(tenant, 5, 1, "turn:y", null), elsewhere);
        assertThat(paid).isInstanceOf(dev.switchboard.core.store.TurnStore.PaidReply.Recorded.class);
        assertThat(elsewhere.balance(tenant)).isEqualTo(2);
        assertThat(stores.credits().balance(tenant)).isEqualTo(20);
    }

    @Test
    void media_reply_to_and_raw_payload_round_trip_exactly() {
        var s = StoreFixtures.setup(stores);
        String raw = "{\"b\":2,  \"a\":[1,2,3], \"text\":{\"body\":\"Olá\"}}";
        MediaRef media = new MediaRef("1013859600285441", null, "image/jpeg", null, "abc=", null);
        Message m = stores.conversations().acceptInbound(inbound(s, "16505551234", unique("w"), "image", "a caption", media,
                "wamid.quoted", raw)).message();

        Message read = stores.conversations().findMessage(m.id()).orElseThrow();
        assertThat(read).isEqualTo(m);
        assertThat(read.media()).isEqualTo(media);
        assertThat(read.replyToExternalId()).isEqualTo("wamid.quoted");
        assertThat(read.raw()).isEqualTo(raw);
        assertThat(read.usage()).isNull();
    }

    @Test
    void a_payload_that_is_not_json_is_still_stored() {
        var s = StoreFixtures.setup(stores);
        Message m = stores.conversations().acceptInbound(inbound(s, "16505551234", unique("w"), "text", "hi", null, null,
                "not json {")).message();
        assertThat(stores.conversations().findMessage(m.id()).orElseThrow().raw()).isEqualTo("not json {");
    }

    @Test
    void inbound_messages_without_a_provider_id_are_each_stored() {
        var s = StoreFixtures.setup(stores);
        var first = stores.conversations().acceptInbound(s.inbound("16505551234", null, "one"));
        var second = stores.conversations().acceptInbound(s.inbound("16505551234", null, "two"));
        assertThat(second.duplicate()).isFalse();
        assertThat(second.message().seq()).isEqualTo(first.message().seq() + 1);
    }

    @Test
    void a_phone_number_that_is_not_e164_is_left_empty_and_the_message_is_kept() {
        var s = StoreFixtures.setup(stores);
        var in = s.inbound("visitor-7f3a", unique("w"), "hi from the widget");
        var accepted = stores.conversations().acceptInbound(new NewInbound(in.tenantId(), in.agentId(), in.channelAccountId(),
                "webchat", in.channelUserId(), null, "call me maybe", in.externalId(), "text", in.text(), null, null, null,
                in.receivedAt(), Duration.ofHours(1)));
        var contact = stores.contacts().find(accepted.conversation().contactId()).orElseThrow();
        assertThat(contact.phoneE164()).isNull();
        assertThat(contact.displayName()).isNull();
        assertThat(contact.expiresAt()).isEqualTo(in.receivedAt().plus(Duration.ofHours(1)));
    }

    @Test
    void a_later_message_refreshes_the_contacts_name_and_expiry_but_keeps_its_email() {
        var s = StoreFixtures.setup(stores);
        var first = stores.conversations().acceptInbound(s.inbound("16505551234", unique("w"), "hi"));
        String contactId = first.conversation().contactId();
        stores.contacts().update(contactId, null, "maria@example.com");
        var in = s.inbound("16505551234", unique("w"), "again");
        stores.conversations().acceptInbound(new NewInbound(in.tenantId(), in.agentId(), in.channelAccountId(), in.channel(),
                in.channelUserId(), "Maria S.", null, in.externalId(), "text", in.text(), null, null, in.raw(),
                in.receivedAt().plusSeconds(60), Duration.ofDays(30)));

        var contact = stores.contacts().find(contactId).orElseThrow();
        assertThat(contact.displayName()).isEqualTo("Maria S.");
        assertThat(contact.email()).isEqualTo("maria@example.com");
        assertThat(contact.phoneE164()).isEqualTo("+16505551234");
        assertThat(contact.expiresAt()).isEqualTo(in.receivedAt().plusSeconds(60).plus(Duration.ofDays(30)));
    }

    @Test
    void a_message_keeps_the_time_it_was_received() {
        var s = StoreFixtures.setup(stores);
        var in = s.inbound("16505551234", unique("w"), "hi");
        var accepted = stores.conversations().acceptInbound(in);
        assertThat(accepted.message().createdAt()).isEqualTo(in.receivedAt());
        assertThat(accepted.conversation().lastInboundAt()).isEqualTo(in.receivedAt());
    }

    @Test
    void the_echo_of_our_own_send_finds_the_sent_message() {
        var s = StoreFixtures.setup(stores);
        String conv = stores.conversations().acceptInbound(s.inbound("16505551234", unique("w"), "hi")).conversation().id();
        Message reply = stores.conversations().recordReply(conv, 0, 1, NewOutbound.agentText("hello", Usage.NONE, null)).orElseThrow();
        String wamid = unique("wamid.out");
        stores.conversations().recordSend(reply.id(), new SendOutcome(DeliveryStatus.SENT, wamid, 1, null, null));

        Message echo = stores.conversations().appendOutbound(conv,
                new NewOutbound(Sender.HUMAN, "text", "hello", null, wamid, null, DeliveryStatus.SENT, "{}", null));

        assertThat(echo.id()).isEqualTo(reply.id());
        assertThat(stores.conversations().find(conv).orElseThrow().lastSeq()).isEqualTo(2);
    }

    @Test
    void a_send_whose_echo_was_stored_first_still_records_its_outcome() {
        var s = StoreFixtures.setup(stores);
        String conv = stores.conversations().acceptInbound(s.inbound("16505551234", unique("w"), "hi")).conversation().id();
        Message reply = stores.conversations().recordReply(conv, 0, 1, NewOutbound.agentText("hello", Usage.NONE, null)).orElseThrow();
        String wamid = unique("wamid.out");
        stores.conversations().appendOutbound(conv,
                new NewOutbound(Sender.HUMAN, "text", "hello", null, wamid, null, DeliveryStatus.SENT, "{}", null));

        stores.conversations().recordSend(reply.id(), new SendOutcome(DeliveryStatus.SENT, wamid, 1, null, null));

        Message sent = stores.conversations().findMessage(reply.id()).orElseThrow();
        assertThat(sent.status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(sent.attempts()).isEqualTo(1);
        assertThat(stores.conversations().pendingOutbound(conv)).isEmpty();
    }

    @Test
    void delivery_reports_do_not_touch_inbound_messages() {
        var s = StoreFixtures.setup(stores);
        String wamid = unique("wamid");
        stores.conversations().acceptInbound(s.inbound("16505551234", wamid, "hi"));
        assertThat(stores.conversations().applyStatus(s.account().id(), wamid, DeliveryStatus.READ, null, null, null)).isEmpty();
        assertThat(stores.conversations().findByExternalId(s.account().id(), wamid).orElseThrow().status())
                .isEqualTo(DeliveryStatus.RECEIVED);
    }

    @Test
    void appending_to_an_unknown_conversation_is_not_found() {
        assertThatThrownBy(() -> stores.conversations().appendOutbound("conv_missing", NewOutbound.agentText("x", null, null)))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("conv_missing");
    }

    @Test
    void an_outbound_message_cannot_claim_to_be_from_the_customer() {
        assertThatThrownBy(() -> stores.conversations().appendOutbound("conv_x",
                new NewOutbound(Sender.USER, "text", "x", null, null, null, DeliveryStatus.PENDING, null, null)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("sender");
    }

    @Test
    void an_inbound_message_without_a_channel_user_is_rejected_by_name() {
        var s = StoreFixtures.setup(stores);
        var in = s.inbound("16505551234", unique("w"), "hi");
        assertThatThrownBy(() -> stores.conversations().acceptInbound(new NewInbound(in.tenantId(), in.agentId(),
                in.channelAccountId(), in.channel(), " ", null, null, in.externalId(), "text", "hi", null, null, null, null, null)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("channel_user_id");
    }

    @Test
    void reopening_a_conversation_while_another_is_open_conflicts() {
        var s = StoreFixtures.setup(stores);
        String first = stores.conversations().acceptInbound(s.inbound("16505551234", unique("w"), "hi")).conversation().id();
        stores.conversations().setStatus(first, ConversationStatus.RESOLVED, "done");
        stores.conversations().acceptInbound(s.inbound("16505551234", unique("w"), "new question"));

        assertThatThrownBy(() -> stores.conversations().setStatus(first, ConversationStatus.ACTIVE, "operator"))
                .isInstanceOf(ConflictException.class);
        assertThat(stores.conversations().find(first).orElseThrow().status()).isEqualTo(ConversationStatus.RESOLVED);
    }

    @Test
    void the_extraction_mark_never_moves_back() {
        var s = StoreFixtures.setup(stores);
        String conv = stores.conversations().acceptInbound(s.inbound("16505551234", unique("w"), "hi")).conversation().id();
        stores.conversations().setExtractedThrough(conv, 5);
        stores.conversations().setExtractedThrough(conv, 3);
        assertThat(stores.conversations().find(conv).orElseThrow().extractedThroughSeq()).isEqualTo(5);
    }

    @Test
    void the_database_refuses_a_negative_balance_even_from_outside_the_store() {
        var s = StoreFixtures.setup(stores);
        assertThatThrownBy(() -> TestDatabase.execute("UPDATE credits SET balance = -1 WHERE tenant_id = '" + s.tenant().id() + "'"))
                .rootCause().hasMessageContaining("credits_balance_check");
        assertThat(stores.credits().balance(s.tenant().id())).isZero();
    }

    private static NewInbound inbound(StoreFixtures.Setup s, String user, String ext, String type, String text, MediaRef media,
                                      String replyTo, String raw) {
        var in = s.inbound(user, ext, text);
        return new NewInbound(in.tenantId(), in.agentId(), in.channelAccountId(), in.channel(), in.channelUserId(),
                in.displayName(), in.phoneE164(), ext, type, text, media, replyTo, raw, in.receivedAt(), in.contactTtl());
    }
}
