package dev.switchboard.adapters.postgres;

import static dev.switchboard.testkit.store.StoreFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.domain.CreditEntry;
import dev.switchboard.core.domain.DeliveryStatus;
import dev.switchboard.core.domain.Direction;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.store.NewOutbound;
import dev.switchboard.core.store.SendOutcome;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.store.TurnStore.PaidReply;
import dev.switchboard.core.store.TurnStore.ReplyCharge;
import dev.switchboard.core.support.NotFoundException;
import dev.switchboard.testkit.Concurrently;
import dev.switchboard.testkit.store.StoreFixtures;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Turns' paid replies in group commits ({@link CallGroupCommit#paidReplies}, V15) against a real
 * PostgreSQL: concurrent turns share transactions, the balance is charged exactly, a group never
 * waits for a conversation another transaction holds (that member is recorded alone, after the
 * lock), and a send's outcome commits without waiting for its flush.
 */
class PostgresPaidReplyGroupCommitTest {
    private static PgClassDatabase db;
    private static PostgresStores postgres;
    private static Stores stores;
    private static CallGroupCommit paidReplies;

    @BeforeAll
    static void start() throws Exception {
        db = PgClassDatabase.fresh("paid_replies");
        postgres = PostgresStores.start(db.config(8));
        stores = postgres.stores();
        var field = PostgresStores.class.getDeclaredField("paidReplies");
        field.setAccessible(true);
        paidReplies = (CallGroupCommit) field.get(postgres);
    }

    @AfterAll
    static void stop() {
        if (postgres != null) postgres.close();
    }

    private static String conversation(StoreFixtures.Setup s, int customer) {
        return stores.conversations().acceptInbound(s.inbound("1650555" + String.format("%04d", customer), unique("w"), "hi"))
                .conversation().id();
    }

    private static PaidReply pay(String conv, String tenant, long cost, long minimum) {
        return stores.conversations().recordPaidReply(conv, 0, 1, NewOutbound.agentText("answer " + conv, null, null), null,
                new ReplyCharge(tenant, cost, minimum, "turn:" + conv, null), stores.credits());
    }

    private static List<Message> outbound(String conv) {
        return stores.conversations().history(conv, 100).stream().filter(m -> m.direction() == Direction.OUTBOUND).toList();
    }

    @Test
    void concurrent_turns_of_one_tenant_share_commits_and_are_charged_exactly() throws Exception {
        var s = StoreFixtures.setup(stores);
        String tenant = s.tenant().id();
        stores.credits().add(tenant, 1_000, "topup", "t1");
        int turns = 48;
        List<String> convs = IntStream.range(0, turns).mapToObj(i -> conversation(s, i)).toList();
        long[] before = paidReplies.counters();

        List<PaidReply> paid = Concurrently.run(turns, turns, i -> pay(convs.get(i), tenant, 3, 1));

        long[] after = paidReplies.counters();
        assertThat(paid).allMatch(p -> p instanceof PaidReply.Recorded r && r.charged() == 3);
        assertThat(stores.credits().balance(tenant)).isEqualTo(1_000 - 3 * turns);
        assertThat(stores.credits().ledger(tenant, 100)).filteredOn(e -> e.kind().equals("deduction"))
                .hasSize(turns).allMatch(e -> e.delta() == -3);
        for (int i = 0; i < turns; i++) {
            assertThat(outbound(convs.get(i))).extracting(Message::text).containsExactly("answer " + convs.get(i));
            assertThat(stores.conversations().find(convs.get(i)).orElseThrow().answeredThroughSeq()).isEqualTo(1);
        }
        assertThat(after[0] - before[0]).as("recorded through groups").isEqualTo(turns);
        assertThat(after[1] - before[1]).as("groups committed").isLessThan(turns);
        assertThat(after[2] - before[2]).as("recorded alone").isZero();
    }

    @Test
    void a_balance_that_runs_out_inside_a_group_answers_unpaid_and_writes_nothing_for_those_turns() throws Exception {
        var s = StoreFixtures.setup(stores);
        String tenant = s.tenant().id();
        stores.credits().add(tenant, 5, "topup", "t1");
        int turns = 12;
        List<String> convs = IntStream.range(100, 100 + turns).mapToObj(i -> conversation(s, i)).toList();

        List<PaidReply> paid = Concurrently.run(turns, turns, i -> pay(convs.get(i), tenant, 2, 1));

        // 5 credits at a cost of 2 (minimum 1): two full charges and a minimum, or fewer full ones and more minimums
        long charged = paid.stream().filter(p -> p instanceof PaidReply.Recorded).mapToLong(p -> ((PaidReply.Recorded) p).charged()).sum();
        assertThat(charged).isEqualTo(5);
        assertThat(stores.credits().balance(tenant)).isZero();
        assertThat(stores.credits().ledger(tenant, 100)).filteredOn(e -> e.kind().equals("deduction"))
                .extracting(CreditEntry::delta).map(d -> -d).containsExactlyInAnyOrderElementsOf(paid.stream()
                        .filter(p -> p instanceof PaidReply.Recorded).map(p -> ((PaidReply.Recorded) p).charged()).toList());
        for (int i = 0; i < turns; i++) {
            boolean recorded = paid.get(i) instanceof PaidReply.Recorded;
            assertThat(paid.get(i)).isInstanceOfAny(PaidReply.Recorded.class, PaidReply.Unpaid.class);
            assertThat(outbound(convs.get(i))).hasSize(recorded ? 1 : 0);
            assertThat(stores.conversations().find(convs.get(i)).orElseThrow().answeredThroughSeq()).isEqualTo(recorded ? 1 : 0);
        }
    }

    @Test
    void a_group_skips_a_conversation_another_transaction_holds_and_that_turn_is_recorded_alone_after_the_lock() throws Exception {
        var s = StoreFixtures.setup(stores);
        String tenant = s.tenant().id();
        stores.credits().add(tenant, 10, "topup", "t1");
        String held = conversation(s, 200);
        String free = conversation(s, 201);
        // another tenant's turn, whose credits row a second transaction holds: it keeps the writer busy while the
        // two turns above queue, so they are written in one group
        var other = StoreFixtures.setup(stores);
        stores.credits().add(other.tenant().id(), 10, "topup", "t1");
        String busy = conversation(other, 202);
        long[] before = paidReplies.counters();
        CompletableFuture<PaidReply> waiting;
        try (Connection blocker = db.connect(); Connection writerBlocker = db.connect()) {
            blocker.setAutoCommit(false);
            try (PreparedStatement lock = blocker.prepareStatement("SELECT id FROM conversations WHERE id = ? FOR UPDATE")) {
                lock.setString(1, held);
                lock.executeQuery().close();
            }
            writerBlocker.setAutoCommit(false);
            try (PreparedStatement lock = writerBlocker.prepareStatement("SELECT balance FROM credits WHERE tenant_id = ? FOR UPDATE")) {
                lock.setString(1, other.tenant().id());
                lock.executeQuery().close();
            }
            CompletableFuture<PaidReply> busyTurn = CompletableFuture.supplyAsync(() -> pay(busy, other.tenant().id(), 1, 1));
            db.awaitLockWait("the writer, on the other tenant's credits");
            waiting = CompletableFuture.supplyAsync(() -> pay(held, tenant, 1, 1));
            CompletableFuture<PaidReply> freeTurn = CompletableFuture.supplyAsync(() -> pay(free, tenant, 1, 1));
            awaitQueued(2);
            writerBlocker.rollback();
            assertThat(busyTurn.get(10, TimeUnit.SECONDS)).isInstanceOf(PaidReply.Recorded.class);
            // the group [held, free] did not wait for the held row: the free turn's reply went through, answered once
            assertThat(freeTurn.get(10, TimeUnit.SECONDS)).isInstanceOf(PaidReply.Recorded.class);
            db.awaitLockWait("the held conversation's turn (recorded alone)");
            assertThat(waiting).isNotDone();
            assertThat(outbound(held)).isEmpty();
            blocker.rollback();
        }
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isInstanceOf(PaidReply.Recorded.class);
        assertThat(outbound(held)).hasSize(1);
        assertThat(outbound(free)).hasSize(1);
        assertThat(stores.credits().balance(tenant)).isEqualTo(8);
        long[] after = paidReplies.counters();
        assertThat(after[1] - before[1]).as("groups committed: the busy turn's, then held + free").isEqualTo(2);
        assertThat(after[0] - before[0]).as("members of committed groups").isEqualTo(3);
        assertThat(after[2] - before[2]).as("recorded alone: only the held turn").isZero();

        // a conversation that does not exist goes alone too, and is reported as the single call reports it
        assertThatThrownBy(() -> pay("conv_missing", tenant, 1, 1)).isInstanceOf(NotFoundException.class);
        // and a turn whose burst moved on is told so, charged nothing
        assertThat(pay(held, tenant, 1, 1)).isInstanceOf(PaidReply.Moved.class);
        assertThat(stores.credits().balance(tenant)).isEqualTo(8);
    }

    private static void awaitQueued(int members) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (paidReplies.queued() < members) {
            if (System.nanoTime() > deadline) throw new AssertionError("never " + members + " queued: " + paidReplies.queued());
            Thread.sleep(5);
        }
    }

    @Test
    void a_sends_outcome_commits_without_waiting_for_its_flush() throws Exception {
        var s = StoreFixtures.setup(stores);
        String conv = conversation(s, 300);
        String reply = stores.conversations().appendOutbound(conv, NewOutbound.agentText("answer", null, null)).id();
        for (Jdbc.Named statement : List.of(PostgresConversationStore.RECORD_SEND, PostgresConversationStore.RECORD_SEND_AND_EFFECTS)) {
            try (Connection c = db.connect()) {
                c.setAutoCommit(false);
                Jdbc.Bound bound = statement.bind();
                if (statement == PostgresConversationStore.RECORD_SEND_AND_EFFECTS) bound.bool("windowClosed", true).bool("blocked", false);
                int changed = Db.execute(c, bound.text("id", reply).text("status", "sent").text("externalId", unique("wamid"))
                        .int4("attempts", 1).text("errorCode", null).text("lastError", null).timestamptz("now", StoreFixtures.now()));
                assertThat(changed).isEqualTo(1);
                try (var q = c.createStatement(); var rs = q.executeQuery("SELECT current_setting('synchronous_commit')")) {
                    rs.next();
                    assertThat(rs.getString(1)).as(statement.sql()).isEqualTo("off");
                }
                c.rollback();
            }
        }
        String wamid = unique("wamid");
        stores.conversations().recordSend(reply, new SendOutcome(DeliveryStatus.SENT, wamid, 1, null, null));
        Message sent = stores.conversations().findMessage(reply).orElseThrow();
        assertThat(sent.status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(sent.externalId()).isEqualTo(wamid);
    }
}
