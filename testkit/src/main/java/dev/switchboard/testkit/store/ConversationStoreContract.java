package dev.switchboard.testkit.store;

import static dev.switchboard.testkit.store.StoreFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.domain.ConversationStatus;
import dev.switchboard.core.domain.DeliveryStatus;
import dev.switchboard.core.domain.Direction;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.domain.Sender;
import dev.switchboard.core.domain.Usage;
import dev.switchboard.core.store.Accepted;
import dev.switchboard.core.store.ConversationQuery;
import dev.switchboard.core.store.MessageQuery;
import dev.switchboard.core.store.NewOutbound;
import dev.switchboard.core.store.TurnStore;
import dev.switchboard.core.store.SendOutcome;
import dev.switchboard.core.store.Stores;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Contract for {@code ContactStore} and {@code ConversationStore}, including their concurrency guarantees. */
public abstract class ConversationStoreContract {

    protected abstract Stores stores();

    protected Stores stores;

    @BeforeEach
    void initStores() {
        stores = stores();
    }

    @Test
    void first_message_creates_contact_and_conversation_with_seq_1() {
        var s = StoreFixtures.setup(stores);
        Accepted a = stores.conversations().acceptInbound(s.inbound("16505551234", unique("wamid"), "Olá, é verdade?"));
        assertThat(a.duplicate()).isFalse();
        assertThat(a.newConversation()).isTrue();
        assertThat(a.message().seq()).isEqualTo(1);
        assertThat(a.message().text()).isEqualTo("Olá, é verdade?");
        assertThat(a.message().direction()).isEqualTo(Direction.INBOUND);
        assertThat(a.message().sender()).isEqualTo(Sender.USER);
        assertThat(a.conversation().status()).isEqualTo(ConversationStatus.ACTIVE);
        assertThat(a.conversation().lastSeq()).isEqualTo(1);
        assertThat(a.conversation().answeredThroughSeq()).isZero();
        assertThat(a.conversation().lastInboundAt()).isNotNull();

        var contact = stores.contacts().findByChannelUser(s.tenant().id(), "whatsapp", "16505551234").orElseThrow();
        assertThat(contact.id()).isEqualTo(a.conversation().contactId());
        assertThat(contact.phoneE164()).isEqualTo("+16505551234");
        assertThat(contact.email()).isNull();
        assertThat(contact.displayName()).isEqualTo("Maria");
        assertThat(contact.expiresAt()).isAfter(contact.createdAt());
        assertThat(stores.conversations().find(a.conversation().id())).contains(a.conversation());
        assertThat(stores.conversations().findOpen(s.agent().id(), contact.id())).contains(a.conversation());
    }

    @Test
    void same_external_id_is_a_duplicate_and_changes_nothing() {
        var s = StoreFixtures.setup(stores);
        String wamid = unique("wamid");
        Accepted first = stores.conversations().acceptInbound(s.inbound("16505551234", wamid, "hi"));
        Accepted again = stores.conversations().acceptInbound(s.inbound("16505551234", wamid, "hi"));
        assertThat(again.duplicate()).isTrue();
        assertThat(again.message().id()).isEqualTo(first.message().id());
        assertThat(stores.conversations().find(first.conversation().id()).orElseThrow().lastSeq()).isEqualTo(1);
    }

    @Test
    void fifty_concurrent_accepts_of_one_message_store_one_row() throws Exception {
        var s = StoreFixtures.setup(stores);
        String wamid = unique("wamid");
        List<Accepted> results = concurrently(50, i -> stores.conversations().acceptInbound(s.inbound("16505551234", wamid, "hi")));
        assertThat(results).filteredOn(a -> !a.duplicate()).hasSize(1);
        assertThat(results).extracting(a -> a.message().id()).containsOnly(results.getFirst().message().id());
        String conv = results.getFirst().conversation().id();
        assertThat(stores.conversations().messages(s.tenant().id(), MessageQuery.conversation(conv))).hasSize(1);
        assertThat(stores.conversations().find(conv).orElseThrow().lastSeq()).isEqualTo(1);
    }

    @Test
    void concurrent_first_messages_from_a_new_contact_make_one_contact_and_one_conversation() throws Exception {
        var s = StoreFixtures.setup(stores);
        List<Accepted> results = concurrently(8, i -> stores.conversations().acceptInbound(s.inbound("5511988887777", unique("w" + i), "m" + i)));
        assertThat(results).extracting(a -> a.conversation().id()).containsOnly(results.getFirst().conversation().id());
        assertThat(results).extracting(a -> a.conversation().contactId()).containsOnly(results.getFirst().conversation().contactId());
        assertThat(results).filteredOn(Accepted::newConversation).hasSize(1);
        assertThat(results).extracting(a -> a.message().seq()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(stores.contacts().list(s.tenant().id(), 100, 0)).hasSize(1);
    }

    @Test
    void concurrent_appends_number_messages_without_gap_or_duplicate() throws Exception {
        var s = StoreFixtures.setup(stores);
        String conv = stores.conversations().acceptInbound(s.inbound("16505550000", unique("w"), "start")).conversation().id();
        int n = 199;
        List<Message> appended = concurrently(n, i -> i % 2 == 0
                ? stores.conversations().acceptInbound(s.inbound("16505550000", unique("w" + i), "in " + i)).message()
                : stores.conversations().appendOutbound(conv, NewOutbound.agentText("out " + i, Usage.NONE, null)));
        List<Long> seqs = new ArrayList<>(appended.stream().map(Message::seq).toList());
        seqs.add(1L);
        assertThat(seqs).doesNotHaveDuplicates().hasSize(n + 1);
        assertThat(seqs).allMatch(q -> q >= 1 && q <= n + 1);
        assertThat(stores.conversations().find(conv).orElseThrow().lastSeq()).isEqualTo(n + 1);
        List<Message> history = stores.conversations().history(conv, 1000);
        assertThat(history).extracting(Message::seq).isSorted().hasSize(n + 1);
    }

    @Test
    void unanswered_and_record_reply_move_the_watermark_once() throws Exception {
        var s = StoreFixtures.setup(stores);
        String conv = stores.conversations().acceptInbound(s.inbound("16505551234", unique("w"), "one")).conversation().id();
        stores.conversations().acceptInbound(s.inbound("16505551234", unique("w"), "two"));
        assertThat(stores.conversations().unanswered(conv)).extracting(Message::text).containsExactly("one", "two");

        List<Optional<Message>> replies = concurrently(2, i -> stores.conversations().recordReply(conv, 0, 2,
                NewOutbound.agentText("answer", new Usage(10, 5, 15), null)));
        assertThat(replies).filteredOn(Optional::isPresent).hasSize(1);
        Message reply = replies.stream().flatMap(Optional::stream).findFirst().orElseThrow();
        assertThat(reply.seq()).isEqualTo(3);
        assertThat(reply.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(reply.usage()).isEqualTo(new Usage(10, 5, 15));
        assertThat(stores.conversations().unanswered(conv)).isEmpty();
        assertThat(stores.conversations().pendingOutbound(conv)).extracting(Message::id).containsExactly(reply.id());
        assertThat(stores.conversations().find(conv).orElseThrow().answeredThroughSeq()).isEqualTo(2);

        stores.conversations().acceptInbound(s.inbound("16505551234", unique("w"), "three"));
        assertThat(stores.conversations().unanswered(conv)).extracting(Message::text).containsExactly("three");
        assertThat(stores.conversations().advanceWatermark(conv, 0, 4)).isFalse();
        assertThat(stores.conversations().advanceWatermark(conv, 2, 4)).isTrue();
        assertThat(stores.conversations().unanswered(conv)).isEmpty();
    }

    @Test
    void a_paid_reply_is_recorded_and_charged_together_or_neither() {
        var s = StoreFixtures.setup(stores);
        String tenant = s.tenant().id();
        var credits = stores.credits();
        credits.add(tenant, 25, "topup", "t1");
        String conv = stores.conversations().acceptInbound(s.inbound("16505551234", unique("p"), "one")).conversation().id();
        var usage = new Usage(100, 20, 120);

        // the cost is covered: charged in full, with the reply and the model's id
        var paid = stores.conversations().recordPaidReply(conv, 0, 1, NewOutbound.agentText("first", usage, null), "resp_1",
                new TurnStore.ReplyCharge(tenant, 10, 1, "turn:" + conv + ":1", usage), credits);
        assertThat(paid).isInstanceOf(TurnStore.PaidReply.Recorded.class);
        var recorded = (TurnStore.PaidReply.Recorded) paid;
        assertThat(recorded.charged()).isEqualTo(10);
        assertThat(recorded.message().text()).isEqualTo("first");
        assertThat(recorded.message().seq()).isEqualTo(2);
        assertThat(credits.balance(tenant)).isEqualTo(15);
        var deduction = credits.ledger(tenant, 1).getFirst();
        assertThat(deduction.delta()).isEqualTo(-10);
        assertThat(deduction.balanceAfter()).isEqualTo(15);
        assertThat(deduction.reference()).isEqualTo("turn:" + conv + ":1");
        assertThat(deduction.usage()).isEqualTo(usage);
        assertThat(stores.conversations().find(conv).orElseThrow().modelConversationId()).isEqualTo("resp_1");

        // the watermark moved (another worker recorded this turn): nothing recorded, the balance as it was
        stores.conversations().acceptInbound(s.inbound("16505551234", unique("p"), "two"));
        assertThat(stores.conversations().recordPaidReply(conv, 0, 3, NewOutbound.agentText("late", usage, null), null,
                new TurnStore.ReplyCharge(tenant, 10, 1, "turn:" + conv + ":3", usage), credits))
                .isInstanceOf(TurnStore.PaidReply.Moved.class);
        assertThat(credits.balance(tenant)).isEqualTo(15);

        // the cost is not covered but the minimum is: the minimum is charged
        var minimum = (TurnStore.PaidReply.Recorded) stores.conversations().recordPaidReply(conv, 1, 3,
                NewOutbound.agentText("second", usage, null), null, new TurnStore.ReplyCharge(tenant, 40, 5, "turn:" + conv + ":3", usage),
                credits);
        assertThat(minimum.charged()).isEqualTo(5);
        assertThat(credits.balance(tenant)).isEqualTo(10);

        // neither is covered: nothing recorded, nothing charged, the watermark where it was
        stores.conversations().acceptInbound(s.inbound("16505551234", unique("p"), "three"));
        assertThat(stores.conversations().recordPaidReply(conv, 3, 5, NewOutbound.agentText("unpaid", usage, null), null,
                new TurnStore.ReplyCharge(tenant, 40, 11, "turn:" + conv + ":5", usage), credits))
                .isInstanceOf(TurnStore.PaidReply.Unpaid.class);
        assertThat(credits.balance(tenant)).isEqualTo(10);
        assertThat(stores.conversations().find(conv).orElseThrow().answeredThroughSeq()).isEqualTo(3);

        // a free reply (a fallback) charges nothing
        var free = (TurnStore.PaidReply.Recorded) stores.conversations().recordPaidReply(conv, 3, 5,
                NewOutbound.agentText("fallback", null, null), null, null, credits);
        assertThat(free.charged()).isZero();
        assertThat(credits.balance(tenant)).isEqualTo(10);
        assertThat(stores.conversations().history(conv, 10)).extracting(Message::text)
                .containsExactly("one", "first", "two", "second", "three", "fallback");
    }

    @Test
    void concurrent_paid_replies_of_one_turn_record_and_charge_once() throws Exception {
        var s = StoreFixtures.setup(stores);
        String tenant = s.tenant().id();
        stores.credits().add(tenant, 100, "topup", "t1");
        String conv = stores.conversations().acceptInbound(s.inbound("16505551234", unique("c"), "one")).conversation().id();
        List<TurnStore.PaidReply> outcomes = concurrently(4, i -> stores.conversations().recordPaidReply(conv, 0, 1,
                NewOutbound.agentText("answer " + i, null, null), null,
                new TurnStore.ReplyCharge(tenant, 3, 1, "turn:" + conv + ":1", null), stores.credits()));
        assertThat(outcomes).filteredOn(o -> o instanceof TurnStore.PaidReply.Recorded).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o instanceof TurnStore.PaidReply.Moved).hasSize(3);
        assertThat(stores.credits().balance(tenant)).isEqualTo(97);
        assertThat(stores.conversations().history(conv, 10)).hasSize(2);
    }

    @Test
    void two_conversations_racing_for_the_last_credits_one_reply_is_recorded_and_paid_the_other_leaves_nothing() throws Exception {
        var s = StoreFixtures.setup(stores);
        String tenant = s.tenant().id();
        stores.credits().add(tenant, 3, "topup", "t1");
        String[] convs = new String[8];
        for (int i = 0; i < convs.length; i++) {
            convs[i] = stores.conversations().acceptInbound(s.inbound("1650555" + (1000 + i), unique("r"), "hi")).conversation().id();
        }
        List<TurnStore.PaidReply> outcomes = concurrently(convs.length, i -> stores.conversations().recordPaidReply(convs[i], 0, 1,
                NewOutbound.agentText("answer", null, null), null, new TurnStore.ReplyCharge(tenant, 3, 3, "turn:" + convs[i], null),
                stores.credits()));
        assertThat(outcomes).filteredOn(o -> o instanceof TurnStore.PaidReply.Recorded).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o instanceof TurnStore.PaidReply.Unpaid).hasSize(convs.length - 1);
        assertThat(stores.credits().balance(tenant)).isZero();
        int replies = 0;
        for (String conv : convs) {
            var c = stores.conversations().find(conv).orElseThrow();
            replies += stores.conversations().history(conv, 10).size() - 1;
            assertThat(c.answeredThroughSeq()).isEqualTo(c.lastSeq() == 2 ? 1 : 0);
        }
        assertThat(replies).isEqualTo(1);
    }

    @Test
    void a_recorded_reply_sets_the_model_conversation_id_and_one_not_recorded_leaves_it() {
        var s = StoreFixtures.setup(stores);
        String conv = stores.conversations().acceptInbound(s.inbound("16505551234", unique("m"), "one")).conversation().id();
        Message first = stores.conversations().recordReply(conv, 0, 1, NewOutbound.agentText("first", null, null), "resp_1")
                .orElseThrow();
        assertThat(first.text()).isEqualTo("first");
        assertThat(stores.conversations().find(conv).orElseThrow().modelConversationId()).isEqualTo("resp_1");
        assertThat(stores.conversations().find(conv).orElseThrow().answeredThroughSeq()).isEqualTo(1);

        stores.conversations().acceptInbound(s.inbound("16505551234", unique("m"), "two"));
        // the watermark moved (another worker recorded this turn): nothing changes, the id included
        assertThat(stores.conversations().recordReply(conv, 0, 3, NewOutbound.agentText("late", null, null), "resp_late"))
                .isEmpty();
        assertThat(stores.conversations().find(conv).orElseThrow().modelConversationId()).isEqualTo("resp_1");
        // null keeps the id
        stores.conversations().recordReply(conv, 1, 3, NewOutbound.agentText("second", null, null), null).orElseThrow();
        assertThat(stores.conversations().find(conv).orElseThrow().modelConversationId()).isEqualTo("resp_1");
        assertThat(stores.conversations().history(conv, 10)).extracting(Message::text)
                .containsExactly("one", "first", "two", "second");
    }

    @Test
    void send_outcome_and_delivery_statuses_only_move_forward() {
        var s = StoreFixtures.setup(stores);
        String conv = stores.conversations().acceptInbound(s.inbound("16505551234", unique("w"), "hi")).conversation().id();
        Message reply = stores.conversations().recordReply(conv, 0, 1, NewOutbound.agentText("hello", Usage.NONE, null)).orElseThrow();
        String wamid = unique("wamid.out");
        stores.conversations().recordSend(reply.id(), new SendOutcome(DeliveryStatus.SENT, wamid, 2, "131000", "temporary"));
        Message sent = stores.conversations().findMessage(reply.id()).orElseThrow();
        assertThat(sent.status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(sent.externalId()).isEqualTo(wamid);
        assertThat(sent.attempts()).isEqualTo(2);
        assertThat(stores.conversations().pendingOutbound(conv)).isEmpty();
        assertThat(stores.conversations().findByExternalId(s.account().id(), wamid)).map(Message::id).contains(reply.id());

        var read = stores.conversations().applyStatus(s.account().id(), wamid, DeliveryStatus.READ, null, null, StoreFixtures.now());
        assertThat(read).map(Message::status).contains(DeliveryStatus.READ);
        var lateDelivered = stores.conversations().applyStatus(s.account().id(), wamid, DeliveryStatus.DELIVERED, null, null, StoreFixtures.now());
        assertThat(lateDelivered).isEmpty();
        assertThat(stores.conversations().findMessage(reply.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.READ);
        assertThat(stores.conversations().applyStatus(s.account().id(), unique("unknown"), DeliveryStatus.READ, null, null, StoreFixtures.now())).isEmpty();
    }

    @Test
    void failed_status_keeps_the_providers_code_and_message() {
        var s = StoreFixtures.setup(stores);
        String conv = stores.conversations().acceptInbound(s.inbound("16505551234", unique("w"), "hi")).conversation().id();
        Message reply = stores.conversations().recordReply(conv, 0, 1, NewOutbound.agentText("hello", Usage.NONE, null)).orElseThrow();
        String wamid = unique("wamid.out");
        stores.conversations().recordSend(reply.id(), new SendOutcome(DeliveryStatus.SENT, wamid, 1, null, null));
        stores.conversations().applyStatus(s.account().id(), wamid, DeliveryStatus.FAILED, "131047", "Re-engagement message", StoreFixtures.now());
        Message failed = stores.conversations().findMessage(reply.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(failed.errorCode()).isEqualTo("131047");
        assertThat(failed.lastError()).isEqualTo("Re-engagement message");
    }

    @Test
    void echo_with_external_id_is_appended_once() {
        var s = StoreFixtures.setup(stores);
        String conv = stores.conversations().acceptInbound(s.inbound("16505551234", unique("w"), "hi")).conversation().id();
        String ext = unique("wamid.echo");
        NewOutbound echo = new NewOutbound(Sender.HUMAN, "text", "from the phone", null, ext, null, DeliveryStatus.SENT, "{}", null);
        Message first = stores.conversations().appendOutbound(conv, echo);
        Message second = stores.conversations().appendOutbound(conv, echo);
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(first.sender()).isEqualTo(Sender.HUMAN);
        assertThat(stores.conversations().history(conv, 10)).hasSize(2);
    }

    @Test
    void an_outbound_message_keeps_its_type_media_link_and_raw_for_the_send() {
        var s = StoreFixtures.setup(stores);
        String conv = stores.conversations().acceptInbound(s.inbound("16505551234", unique("w"), "hi")).conversation().id();
        Message doc = stores.conversations().appendOutbound(conv, new NewOutbound(Sender.HUMAN, "document", "Prices",
                dev.switchboard.core.domain.MediaRef.ofLink("https://example.com/prices.pdf", "prices.pdf"), null, null,
                DeliveryStatus.PENDING, null, null));
        Message template = stores.conversations().appendOutbound(conv, new NewOutbound(Sender.HUMAN, "template", "order_update",
                null, null, null, DeliveryStatus.PENDING, "language=pt_BR&param=Ana", null));

        List<Message> pending = stores.conversations().pendingOutbound(conv);
        assertThat(pending).extracting(Message::id).containsExactly(doc.id(), template.id());
        assertThat(pending.get(0).type()).isEqualTo("document");
        assertThat(pending.get(0).media().url()).isEqualTo("https://example.com/prices.pdf");
        assertThat(pending.get(0).media().filename()).isEqualTo("prices.pdf");
        assertThat(pending.get(0).text()).isEqualTo("Prices");
        assertThat(pending.get(1).raw()).isEqualTo("language=pt_BR&param=Ana");
    }

    @Test
    void status_changes_close_the_conversation_and_a_new_message_opens_another() {
        var s = StoreFixtures.setup(stores);
        Accepted a = stores.conversations().acceptInbound(s.inbound("16505551234", unique("w"), "hi"));
        String conv = a.conversation().id();
        stores.conversations().setModelConversationId(conv, "conv_689667905b");
        stores.conversations().setStatus(conv, ConversationStatus.PAUSED, "operator");
        Accepted b = stores.conversations().acceptInbound(s.inbound("16505551234", unique("w"), "still there?"));
        assertThat(b.conversation().id()).isEqualTo(conv);
        assertThat(b.conversation().status()).isEqualTo(ConversationStatus.PAUSED);
        assertThat(b.conversation().modelConversationId()).isEqualTo("conv_689667905b");

        stores.conversations().setStatus(conv, ConversationStatus.RESOLVED, "done");
        Accepted c = stores.conversations().acceptInbound(s.inbound("16505551234", unique("w"), "new question"));
        assertThat(c.newConversation()).isTrue();
        assertThat(c.conversation().id()).isNotEqualTo(conv);
        assertThat(c.conversation().modelConversationId()).isNull();
        assertThat(c.message().seq()).isEqualTo(1);
        assertThat(stores.conversations().find(conv).orElseThrow().statusReason()).isEqualTo("done");
    }

    @Test
    void archive_open_closes_the_accounts_open_conversations() {
        var s = StoreFixtures.setup(stores);
        String c1 = stores.conversations().acceptInbound(s.inbound("16505551111", unique("w"), "a")).conversation().id();
        String c2 = stores.conversations().acceptInbound(s.inbound("16505552222", unique("w"), "b")).conversation().id();
        String resolved = stores.conversations().acceptInbound(s.inbound("16505553333", unique("w"), "c")).conversation().id();
        stores.conversations().setStatus(resolved, ConversationStatus.RESOLVED, "done");
        var otherAccount = StoreFixtures.setup(stores);
        String elsewhere = stores.conversations().acceptInbound(otherAccount.inbound("16505551111", unique("w"), "d")).conversation().id();
        // the archived ones, named in id order (each gets a live event); not the closed one, not another number's
        assertThat(stores.conversations().archiveOpen(s.account().id(), s.agent().id(), null))
                .containsExactlyElementsOf(java.util.stream.Stream.of(c1, c2).sorted().toList());
        assertThat(stores.conversations().find(resolved).orElseThrow().status()).isEqualTo(ConversationStatus.RESOLVED);
        assertThat(stores.conversations().find(elsewhere).orElseThrow().status()).isEqualTo(ConversationStatus.ACTIVE);
        assertThat(stores.conversations().find(c1).orElseThrow().status()).isEqualTo(ConversationStatus.ARCHIVED);
        assertThat(stores.conversations().find(c2).orElseThrow().status()).isEqualTo(ConversationStatus.ARCHIVED);
        Accepted again = stores.conversations().acceptInbound(s.inbound("16505551111", unique("w"), "back"));
        assertThat(again.newConversation()).isTrue();
        assertThat(stores.conversations().archiveOpen(s.account().id(), s.agent().id(), null)).containsExactly(again.conversation().id());
    }

    @Test
    void listing_is_scoped_to_the_tenant_and_filters() {
        var s = StoreFixtures.setup(stores);
        var other = StoreFixtures.setup(stores);
        String mine = stores.conversations().acceptInbound(s.inbound("16505551234", unique("w"), "mine")).conversation().id();
        stores.conversations().acceptInbound(other.inbound("16505551234", unique("w"), "theirs"));
        assertThat(stores.conversations().list(s.tenant().id(), ConversationQuery.all())).extracting(c -> c.id()).containsExactly(mine);
        assertThat(stores.conversations().list(s.tenant().id(), new ConversationQuery(ConversationStatus.PAUSED, null, null, 10, 0))).isEmpty();
        assertThat(stores.conversations().list(s.tenant().id(), new ConversationQuery(ConversationStatus.ACTIVE, "whatsapp", null, 10, 0))).hasSize(1);
        assertThat(stores.conversations().messages(s.tenant().id(), MessageQuery.all())).extracting(Message::text).containsExactly("mine");
        assertThat(stores.contacts().list(s.tenant().id(), 10, 0)).hasSize(1);
        assertThat(stores.contacts().findByChannelUser(other.tenant().id(), "whatsapp", "16505551234").orElseThrow().id())
                .isNotEqualTo(stores.contacts().findByChannelUser(s.tenant().id(), "whatsapp", "16505551234").orElseThrow().id());
    }

    @Test
    void contact_update_sets_email_and_name() {
        var s = StoreFixtures.setup(stores);
        String contactId = stores.conversations().acceptInbound(s.inbound("16505551234", unique("w"), "hi")).conversation().contactId();
        var updated = stores.contacts().update(contactId, "Maria Silva", "maria@example.com");
        assertThat(updated.email()).isEqualTo("maria@example.com");
        assertThat(stores.contacts().find(contactId).orElseThrow().displayName()).isEqualTo("Maria Silva");
    }

    @Test
    void conversations_owing_a_reply_or_a_send_are_found_for_the_sweep() throws InterruptedException {
        var s = StoreFixtures.setup(stores);
        String waiting = stores.conversations().acceptInbound(s.inbound("16505550001", unique("w"), "hello?")).conversation().id();
        String answered = stores.conversations().acceptInbound(s.inbound("16505550002", unique("w"), "hi")).conversation().id();
        stores.conversations().recordReply(answered, 0, 1, NewOutbound.agentText("hello", Usage.NONE, null)).orElseThrow();
        String sent = stores.conversations().acceptInbound(s.inbound("16505550003", unique("w"), "hi")).conversation().id();
        Message reply = stores.conversations().recordReply(sent, 0, 1, NewOutbound.agentText("hello", Usage.NONE, null)).orElseThrow();
        stores.conversations().recordSend(reply.id(), new SendOutcome(DeliveryStatus.SENT, unique("wamid"), 1, null, null));
        String closed = stores.conversations().acceptInbound(s.inbound("16505550004", unique("w"), "bye")).conversation().id();
        stores.conversations().setStatus(closed, ConversationStatus.RESOLVED, "done");
        Thread.sleep(5);
        var quietSince = StoreFixtures.now();

        List<String> owing = stores.conversations().awaitingReply(quietSince, 100);
        assertThat(owing).contains(waiting, answered).doesNotContain(sent, closed);
        assertThat(stores.conversations().awaitingReply(quietSince.minusSeconds(60), 100)).doesNotContain(waiting, answered);

        assertThat(stores.conversations().awaitingExtraction(quietSince, 100)).contains(waiting, sent);
        stores.conversations().setExtractedThrough(sent, 2);
        assertThat(stores.conversations().awaitingExtraction(quietSince, 100)).doesNotContain(sent);
    }

    @Test
    void media_reference_round_trips_and_records_where_it_was_stored() {
        var s = StoreFixtures.setup(stores);
        var in = s.inbound("16505551234", unique("w"), "Taj Mahal");
        var withMedia = new dev.switchboard.core.store.NewInbound(in.tenantId(), in.agentId(), in.channelAccountId(), in.channel(),
                in.channelUserId(), in.displayName(), in.phoneE164(), in.externalId(), "image", "Taj Mahal",
                new dev.switchboard.core.domain.MediaRef("1003383421387256", null, "image/jpeg", null, "SfInY0g=", null),
                null, in.raw(), in.receivedAt(), in.contactTtl());
        Message m = stores.conversations().acceptInbound(withMedia).message();
        assertThat(m.media().id()).isEqualTo("1003383421387256");
        assertThat(m.media().storedPath()).isNull();
        stores.conversations().setMediaStoredPath(m.id(), "/data/media/t/m.jpg");
        var stored = stores.conversations().findMessage(m.id()).orElseThrow().media();
        assertThat(stored.storedPath()).isEqualTo("/data/media/t/m.jpg");
        assertThat(stored.mimeType()).isEqualTo("image/jpeg");
        assertThat(stored.sha256()).isEqualTo("SfInY0g=");
    }

    @Test
    void extracted_through_is_kept() {
        var s = StoreFixtures.setup(stores);
        String conv = stores.conversations().acceptInbound(s.inbound("16505551234", unique("w"), "hi")).conversation().id();
        stores.conversations().setExtractedThrough(conv, 1);
        assertThat(stores.conversations().find(conv).orElseThrow().extractedThroughSeq()).isEqualTo(1);
    }

    /** Runs {@code n} calls at once (released together) and returns their results. */
    protected static <T> List<T> concurrently(int n, dev.switchboard.testkit.Concurrently.IndexedCall<T> call) throws Exception {
        return dev.switchboard.testkit.Concurrently.run(n, Math.min(n, 64), call);
    }
}
