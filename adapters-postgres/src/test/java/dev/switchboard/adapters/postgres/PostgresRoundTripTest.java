package dev.switchboard.adapters.postgres;

import static dev.switchboard.testkit.store.StoreFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.domain.DeliveryStatus;
import dev.switchboard.core.domain.Usage;
import dev.switchboard.core.store.NewOutbound;
import dev.switchboard.core.store.SendOutcome;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.store.TurnStore;
import dev.switchboard.testkit.store.StoreFixtures;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Counts what each write costs on the wire, through a proxy that reads the protocol. Liveness
 * checks the pool makes on a connection idle for over 500 ms are counted apart: they belong to the
 * pool, not to the call, and do not happen on a busy ingest path.
 */
class PostgresRoundTripTest {
    private static RoundTripCounter counter;
    private static PostgresStores postgres;
    private static Stores stores;
    private StoreFixtures.Setup s;

    @BeforeAll
    static void start() throws Exception {
        TestDatabase.shared();
        TestDatabase.truncate();
        counter = RoundTripCounter.forTestDatabase();
        PostgresConfig direct = TestDatabase.config(1);
        postgres = PostgresStores.start(new PostgresConfig(counter.proxied(direct.jdbcUrl()), direct.user(), direct.password(), 1,
                Duration.ofSeconds(10)));
        stores = postgres.stores();
        // the inbound group commit opens its own connections with the first inbound message: not counted below
        stores.conversations().acceptInbound(StoreFixtures.setup(stores).inbound("16505550000", unique("w"), "warm-up"));
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
        counter.close();
    }

    @BeforeEach
    void setup() {
        s = StoreFixtures.setup(stores);
    }

    @Test
    void accepting_a_message_from_a_new_contact_is_one_round_trip() {
        assertThat(roundTrips(() -> stores.conversations().acceptInbound(s.inbound("16505550001", unique("w"), "hi")))).isEqualTo(1);
    }

    @Test
    void accepting_a_message_in_an_open_conversation_is_one_round_trip() {
        stores.conversations().acceptInbound(s.inbound("16505550002", unique("w"), "hi"));
        assertThat(roundTrips(() -> stores.conversations().acceptInbound(s.inbound("16505550002", unique("w"), "more")))).isEqualTo(1);
    }

    @Test
    void accepting_a_redelivered_message_is_one_round_trip() {
        String wamid = unique("w");
        stores.conversations().acceptInbound(s.inbound("16505550003", wamid, "hi"));
        assertThat(roundTrips(() -> stores.conversations().acceptInbound(s.inbound("16505550003", wamid, "hi")))).isEqualTo(1);
    }

    @Test
    void a_turns_start_is_one_round_trip_and_reads_the_burst_and_the_pending_sends() {
        String conv = stores.conversations().acceptInbound(s.inbound("16505550005", unique("w"), "one")).conversation().id();
        stores.conversations().acceptInbound(s.inbound("16505550005", unique("w"), "two"));
        stores.conversations().appendOutbound(conv, NewOutbound.agentText("queued", null, null));
        var start = new Object() { dev.switchboard.core.store.TurnStart value; };
        assertThat(roundTrips(() -> start.value = stores.conversations().turnStart(conv).orElseThrow())).isEqualTo(1);
        assertThat(start.value.conversation().id()).isEqualTo(conv);
        assertThat(start.value.unanswered()).extracting(m -> m.text()).containsExactly("one", "two");
        assertThat(start.value.unanswered()).isEqualTo(stores.conversations().unanswered(conv));
        assertThat(start.value.pendingOutbound()).isEqualTo(stores.conversations().pendingOutbound(conv));
        assertThat(start.value.pendingOutbound()).extracting(m -> m.text()).containsExactly("queued");
        // the contact and the tenant's balance come in the same round trip, equal to what their own stores read
        String contactId = start.value.conversation().contactId();
        assertThat(start.value.contact()).isEqualTo(stores.contacts().find(contactId).orElseThrow());
        assertThat(start.value.contact().displayName()).isNotNull();
        assertThat(start.value.creditBalance()).isEqualTo(stores.credits().balance(s.tenant().id()));
        stores.credits().add(s.tenant().id(), 7, "topup", "api");
        assertThat(stores.conversations().turnStart(conv).orElseThrow().creditBalance()).isEqualTo(stores.credits().balance(s.tenant().id()));
        assertThat(stores.conversations().turnStart("conv_missing")).isEmpty();
    }

    @Test
    void appending_recording_a_reply_and_its_send_are_one_round_trip_each() {
        String conv = stores.conversations().acceptInbound(s.inbound("16505550004", unique("w"), "hi")).conversation().id();
        assertThat(roundTrips(() -> stores.conversations().appendOutbound(conv, NewOutbound.agentText("greeting", null, null))))
                .isEqualTo(1);
        var reply = new Object() { String id; };
        assertThat(roundTrips(() -> reply.id = stores.conversations()
                .recordReply(conv, 0, 1, NewOutbound.agentText("answer", Usage.NONE, null)).orElseThrow().id())).isEqualTo(1);
        String wamid = unique("wamid.out");
        assertThat(roundTrips(() -> stores.conversations().recordSend(reply.id, new SendOutcome(DeliveryStatus.SENT, wamid, 1, null, null))))
                .isEqualTo(1);
        assertThat(roundTrips(() -> stores.conversations().applyStatus(s.account().id(), wamid, DeliveryStatus.READ, null, null, null)))
                .isEqualTo(1);
    }

    @Test
    void a_paid_reply_is_one_round_trip_recorded_or_not() {
        stores.credits().add(s.tenant().id(), 10, "topup", "api");
        var charge = new TurnStore.ReplyCharge(s.tenant().id(), 3, 1, "turn:rt", null);
        // the paid replies' group commit opens its own connection with the first one: not counted below
        String first = stores.conversations().acceptInbound(s.inbound("16505550005", unique("w"), "hi")).conversation().id();
        stores.conversations().recordPaidReply(first, 0, 1, NewOutbound.agentText("warm-up", null, null), null, charge, stores.credits());

        String conv = stores.conversations().acceptInbound(s.inbound("16505550006", unique("w"), "hi")).conversation().id();
        assertThat(roundTrips(() -> assertThat(stores.conversations().recordPaidReply(conv, 0, 1,
                NewOutbound.agentText("answer", null, null), null, charge, stores.credits())).isInstanceOf(TurnStore.PaidReply.Recorded.class)))
                .isEqualTo(1);
        assertThat(roundTrips(() -> assertThat(stores.conversations().recordPaidReply(conv, 0, 1,
                NewOutbound.agentText("late", null, null), null, charge, stores.credits())).isInstanceOf(TurnStore.PaidReply.Moved.class)))
                .isEqualTo(1);
    }

    @Test
    void a_credit_check_and_deduct_with_its_ledger_row_is_one_round_trip() {
        assertThat(roundTrips(() -> stores.credits().add(s.tenant().id(), 3, "topup", "api"))).isEqualTo(1);
        assertThat(roundTrips(() -> stores.credits().tryDeduct(s.tenant().id(), 1, "turn:1", new Usage(1, 2, 3)))).isEqualTo(1);
        assertThat(roundTrips(() -> stores.conversations().archiveOpen(s.account().id(), s.agent().id(), null))).isEqualTo(1);
    }

    private static long roundTrips(Runnable call) {
        counter.reset();
        call.run();
        return counter.roundTrips();
    }
}
