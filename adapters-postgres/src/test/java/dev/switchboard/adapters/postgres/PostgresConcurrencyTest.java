package dev.switchboard.adapters.postgres;

import dev.switchboard.testkit.Concurrently;
import static dev.switchboard.testkit.store.StoreFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.domain.Agent;
import dev.switchboard.core.domain.ConversationStatus;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.domain.Usage;
import dev.switchboard.core.store.Accepted;
import dev.switchboard.core.store.NewOutbound;
import dev.switchboard.core.store.Stores;
import dev.switchboard.testkit.store.StoreFixtures;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The guarantees of seed 002 and ConversationStore's Javadoc, under real concurrent writers. */
class PostgresConcurrencyTest {
    private static PostgresStores postgres;
    private static Stores stores;

    @BeforeAll
    static void start() {
        postgres = TestDatabase.start(20);
        stores = postgres.stores();
        TestDatabase.truncate();
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @Test
    void fifty_threads_accepting_the_same_message_store_one_row_and_49_see_a_duplicate() throws Exception {
        var s = StoreFixtures.setup(stores);
        String wamid = unique("wamid");
        List<Accepted> results = Concurrently.run(50, 50, i -> stores.conversations().acceptInbound(s.inbound("16505551234", wamid, "hi")));

        assertThat(results).filteredOn(Accepted::duplicate).hasSize(49);
        assertThat(results).extracting(a -> a.message().id()).containsOnly(results.getFirst().message().id());
        assertThat(results).extracting(a -> a.message().seq()).containsOnly(1L);
        assertThat(TestDatabase.scalar("SELECT count(*) FROM messages WHERE external_id = ?", wamid)).isEqualTo(1);
        assertThat(TestDatabase.scalar("SELECT count(*) FROM contacts WHERE tenant_id = ?", s.tenant().id())).isEqualTo(1);
        assertThat(TestDatabase.scalar("SELECT last_seq FROM conversations WHERE tenant_id = ?", s.tenant().id())).isEqualTo(1);
    }

    @Test
    void twenty_concurrent_deductions_against_ten_credits_succeed_exactly_ten_times() throws Exception {
        var s = StoreFixtures.setup(stores);
        String tenant = s.tenant().id();
        stores.credits().add(tenant, 10, "topup", "test");

        List<Boolean> results = Concurrently.run(20, 20, i -> stores.credits().tryDeduct(tenant, 1, "turn:" + i, new Usage(3, 2, 5)));

        assertThat(results).filteredOn(ok -> ok).hasSize(10);
        assertThat(stores.credits().balance(tenant)).isZero();
        assertThat(stores.credits().ledger(tenant, 100)).filteredOn(e -> e.kind().equals("deduction")).hasSize(10)
                .allSatisfy(e -> {
                    assertThat(e.delta()).isEqualTo(-1);
                    assertThat(e.usage()).isEqualTo(new Usage(3, 2, 5));
                });
        assertThat(TestDatabase.scalar("SELECT min(balance_after) FROM credit_ledger WHERE tenant_id = ?", tenant)).isZero();
    }

    @Test
    void concurrent_first_messages_from_a_new_contact_make_one_contact_one_conversation_and_seqs_1_and_2() throws Exception {
        var s = StoreFixtures.setup(stores);
        for (int round = 0; round < 25; round++) {
            String user = "55119" + String.format("%08d", round);
            List<Accepted> pair = Concurrently.run(2, 2, i -> stores.conversations().acceptInbound(s.inbound(user, unique("w"), "m" + i)));

            assertThat(pair).extracting(a -> a.conversation().id()).containsOnly(pair.getFirst().conversation().id());
            assertThat(pair).filteredOn(Accepted::newConversation).hasSize(1);
            assertThat(pair).extracting(a -> a.message().seq()).containsExactlyInAnyOrder(1L, 2L);
            assertThat(TestDatabase.scalar("SELECT count(*) FROM contacts WHERE tenant_id = ? AND channel_user_id = ?",
                    s.tenant().id(), user)).isEqualTo(1);
            assertThat(TestDatabase.scalar("SELECT count(*) FROM conversations c JOIN contacts k ON k.id = c.contact_id"
                    + " WHERE k.tenant_id = ? AND k.channel_user_id = ?", s.tenant().id(), user)).isEqualTo(1);
        }
    }

    @Test
    void a_thousand_concurrent_appends_to_one_conversation_number_it_exactly_1_to_1000() throws Exception {
        var s = StoreFixtures.setup(stores);
        String conv = stores.conversations().acceptInbound(s.inbound("16505550000", unique("w"), "start")).conversation().id();

        Concurrently.run(999, 40, i -> i % 2 == 0
                ? stores.conversations().acceptInbound(s.inbound("16505550000", unique("w"), "in " + i)).message()
                : stores.conversations().appendOutbound(conv, NewOutbound.agentText("out " + i, Usage.NONE, null)));

        List<Long> seqs = stores.conversations().history(conv, 5000).stream().map(Message::seq).toList();
        assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, 1000).boxed().toList());
        assertThat(stores.conversations().find(conv).orElseThrow().lastSeq()).isEqualTo(1000);
    }

    @Test
    void record_reply_lets_exactly_one_of_ten_callers_with_the_same_watermark_append() throws Exception {
        var s = StoreFixtures.setup(stores);
        String conv = stores.conversations().acceptInbound(s.inbound("16505551234", unique("w"), "hi")).conversation().id();

        List<Optional<Message>> replies = Concurrently.run(10, 10, i -> stores.conversations().recordReply(conv, 0, 1,
                NewOutbound.agentText("answer " + i, Usage.NONE, null)));

        assertThat(replies).filteredOn(Optional::isPresent).hasSize(1);
        var conversation = stores.conversations().find(conv).orElseThrow();
        assertThat(conversation.answeredThroughSeq()).isEqualTo(1);
        assertThat(conversation.lastSeq()).isEqualTo(2);
        assertThat(stores.conversations().history(conv, 10)).hasSize(2);
    }

    @Test
    void relinking_archives_the_open_conversations_records_it_and_the_next_message_opens_a_new_one() {
        var s = StoreFixtures.setup(stores);
        String c1 = stores.conversations().acceptInbound(s.inbound("16505551111", unique("w"), "a")).conversation().id();
        String c2 = stores.conversations().acceptInbound(s.inbound("16505552222", unique("w"), "b")).conversation().id();
        String resolved = stores.conversations().acceptInbound(s.inbound("16505553333", unique("w"), "c")).conversation().id();
        stores.conversations().setStatus(resolved, ConversationStatus.RESOLVED, "done");

        Agent old = s.agent();
        stores.agents().update(withAccount(old, null));
        Agent next = stores.agents().create(withAccount(StoreFixtures.agent(s.tenant().id(), unique("agt"), null), s.account().id()));
        int archived = stores.conversations().archiveOpen(s.account().id(), old.id(), next.id()).size();

        assertThat(archived).isEqualTo(2);
        for (String id : List.of(c1, c2)) {
            var c = stores.conversations().find(id).orElseThrow();
            assertThat(c.status()).isEqualTo(ConversationStatus.ARCHIVED);
            assertThat(c.statusReason()).isEqualTo("relinked");
        }
        assertThat(stores.conversations().find(resolved).orElseThrow().status()).isEqualTo(ConversationStatus.RESOLVED);
        assertThat(TestDatabase.scalar("SELECT count(*) FROM conversation_archives WHERE channel_account_id = ?"
                + " AND old_agent_id = ? AND new_agent_id = ? AND conversations_archived = 2",
                s.account().id(), old.id(), next.id())).isEqualTo(1);

        var inbound = s.inbound("16505551111", unique("w"), "hello again");
        Accepted again = stores.conversations().acceptInbound(new dev.switchboard.core.store.NewInbound(inbound.tenantId(),
                next.id(), inbound.channelAccountId(), inbound.channel(), inbound.channelUserId(), inbound.displayName(),
                inbound.phoneE164(), inbound.externalId(), inbound.type(), inbound.text(), null, null, inbound.raw(),
                inbound.receivedAt(), inbound.contactTtl()));
        assertThat(again.newConversation()).isTrue();
        assertThat(again.conversation().id()).isNotIn(c1, c2);
        assertThat(again.conversation().agentId()).isEqualTo(next.id());
        assertThat(again.message().seq()).isEqualTo(1);
    }

    static Agent withAccount(Agent a, String accountId) {
        return new Agent(a.id(), a.tenantId(), accountId, a.name(), a.promptId(), a.promptVersion(), a.instructions(), a.model(),
                a.greeting(), a.fallbackReply(), a.debounceMs(), a.tools(), a.pauseOnHumanReply(), a.extractionIntervalMs(),
                a.settings(), a.createdAt(), a.updatedAt());
    }
}
