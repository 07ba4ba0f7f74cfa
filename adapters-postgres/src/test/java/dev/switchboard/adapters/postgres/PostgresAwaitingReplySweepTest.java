package dev.switchboard.adapters.postgres;

import static dev.switchboard.testkit.store.StoreFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.domain.Usage;
import dev.switchboard.core.store.NewOutbound;
import dev.switchboard.core.store.Stores;
import dev.switchboard.testkit.store.StoreFixtures;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sweep for work the queue lost ({@code awaitingReply}) reads only the conversations that owe
 * something (V18's partial indexes), not every open one: with 3,000 answered conversations and a
 * few that owe a reply or a send (one of them five sends), it finds exactly those, oldest first, and its statement, run in this test's own
 * transaction, scans neither table and fetches a handful of rows (read from
 * {@code pg_stat_xact_user_tables}, which does not wait for the statistics collector).
 */
class PostgresAwaitingReplySweepTest {
    private static PgClassDatabase db;
    private static PostgresStores postgres;
    private static Stores stores;

    @BeforeAll
    static void start() {
        db = PgClassDatabase.fresh("sweep");
        postgres = PostgresStores.start(db.config(4));
        stores = postgres.stores();
    }

    @AfterAll
    static void stop() {
        if (postgres != null) postgres.close();
    }

    @Test
    void the_sweep_finds_what_is_owed_without_reading_every_open_conversation() throws Exception {
        var s = StoreFixtures.setup(stores);
        // owed: five sends pending in one conversation (the oldest), a first message, a second message after an
        // answered one, an answer recorded but not sent
        String manySends = stores.conversations().acceptInbound(s.inbound("16505550000", unique("w"), "hi")).conversation().id();
        stores.conversations().recordReply(manySends, 0, 1, NewOutbound.agentText("hello", Usage.NONE, null)).orElseThrow();
        for (int i = 0; i < 4; i++) stores.conversations().appendOutbound(manySends, NewOutbound.agentText("and " + i, Usage.NONE, null));
        String first = stores.conversations().acceptInbound(s.inbound("16505550001", unique("w"), "hello?")).conversation().id();
        String again = stores.conversations().acceptInbound(s.inbound("16505550002", unique("w"), "hi")).conversation().id();
        stores.conversations().recordReply(again, 0, 1, NewOutbound.agentText("hello", Usage.NONE, null)).orElseThrow();
        stores.conversations().recordSend(stores.conversations().history(again, 10).getLast().id(),
                new dev.switchboard.core.store.SendOutcome(dev.switchboard.core.domain.DeliveryStatus.SENT, unique("wamid"), 1, null, null));
        stores.conversations().acceptInbound(s.inbound("16505550002", unique("w"), "are you there?"));
        String unsent = stores.conversations().acceptInbound(s.inbound("16505550003", unique("w"), "hi")).conversation().id();
        stores.conversations().recordReply(unsent, 0, 1, NewOutbound.agentText("hello", Usage.NONE, null)).orElseThrow();
        // and 3,000 conversations answered and sent, as a deployment keeps them open
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute(("INSERT INTO contacts (id, tenant_id, channel, channel_user_id, created_at, updated_at)"
                    + " SELECT 'ct_old_' || i, '%s', 'whatsapp', '5511' || (800000000 + i), now(), now() FROM generate_series(1, 3000) i")
                    .formatted(s.tenant().id()));
            st.execute(("INSERT INTO conversations (id, tenant_id, agent_id, channel_account_id, contact_id, channel, status,"
                    + " last_seq, last_inbound_seq, answered_through_seq, last_inbound_at, last_message_at, created_at)"
                    + " SELECT 'conv_old_' || i, '%s', '%s', '%s', 'ct_old_' || i, 'whatsapp', 'active', 2, 1, 1,"
                    + " now() - interval '1 day', now() - interval '1 day', now() - interval '1 day' FROM generate_series(1, 3000) i")
                    .formatted(s.tenant().id(), s.agent().id(), s.account().id()));
            st.execute(("INSERT INTO messages (id, tenant_id, conversation_id, channel_account_id, seq, direction, sender, type,"
                    + " text, status, created_at, updated_at)"
                    + " SELECT 'msg_old_' || i || '_' || q, '%s', 'conv_old_' || i, '%s', q, CASE q WHEN 1 THEN 'inbound' ELSE 'outbound' END,"
                    + " CASE q WHEN 1 THEN 'user' ELSE 'agent' END, 'text', 'x', CASE q WHEN 1 THEN 'received' ELSE 'sent' END, now(), now()"
                    + " FROM generate_series(1, 3000) i, generate_series(1, 2) q").formatted(s.tenant().id(), s.account().id()));
            st.execute("ANALYZE conversations");
            st.execute("ANALYZE messages");
        }
        Thread.sleep(5);
        Instant quietSince = StoreFixtures.now();

        assertThat(stores.conversations().awaitingReply(quietSince, 100)).containsExactlyInAnyOrder(manySends, first, again, unsent);
        // a limit the owing conversations just fill: the five pending sends count as one conversation
        assertThat(stores.conversations().awaitingReply(quietSince, 4)).containsExactlyInAnyOrder(manySends, first, again, unsent);
        assertThat(stores.conversations().awaitingReply(quietSince, 2)).containsExactly(manySends, first);

        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            Jdbc.Named sweep = Jdbc.Named.parse(PostgresConversationStore.AWAITING_REPLY_SQL);
            List<String> found = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(sweep.sql())) {
                for (int i = 0; i < sweep.names().size(); i++) {
                    if (sweep.names().get(i).equals("quiet")) p.setString(i + 1, quietSince.toString());
                    else p.setInt(i + 1, 100);
                }
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) found.add(rs.getString(1));
                }
            }
            assertThat(found).containsExactlyInAnyOrder(manySends, first, again, unsent);
            for (String table : List.of("conversations", "messages")) {
                try (ResultSet rs = st.executeQuery("SELECT seq_scan, coalesce(idx_tup_fetch, 0) FROM pg_stat_xact_user_tables"
                        + " WHERE relname = '" + table + "'")) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("sequential scans of " + table).isZero();
                    assertThat(rs.getLong(2)).as(table + " rows fetched through indexes").isLessThan(20);
                }
            }
            c.rollback();
        }
    }
}
