package dev.switchboard.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code accept_inbound_batch} (V19) finds stored contacts by their key, batch after batch. PL/pgSQL
 * caches its plans per session, and the writers' sessions live long: a plan made while contacts was
 * empty must not read a tenant's every contact once there are many (an earlier version's probe, planned
 * on the empty table, went through {@code contacts_tenant} and read 17,000 rows a message on the bench).
 * Read from the transaction's own table counters ({@code pg_stat_xact_user_tables}), which do not wait
 * for the statistics collector.
 */
class PostgresInboundBatchPlanTest {
    private static PgClassDatabase db;

    @BeforeAll
    static void start() {
        db = PgClassDatabase.fresh("inbound_plan");
        PostgresStores.start(db.config(1)).close(); // migrated
    }

    @Test
    void batches_planned_on_an_empty_table_still_probe_contacts_by_key_once_it_grew() throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            // the first batches of a new deployment: PL/pgSQL plans them (more than its five custom plans, so
            // its generic plan is cached too) while contacts is empty
            for (int batch = 0; batch < 8; batch++) {
                assertThat(acceptBatch(c, batch)).isEqualTo(4);
            }
            s.execute("INSERT INTO contacts (id, tenant_id, channel, channel_user_id, created_at, updated_at)"
                    + " SELECT 'contact_' || i, 'tenant_a', 'whatsapp', '5511' || (900000000 + i), now(), now()"
                    + " FROM generate_series(1, 5000) i ON CONFLICT DO NOTHING"); // some wrote in the first batches
            long before = contactsFetched(s);
            for (int batch = 8; batch < 16; batch++) {
                assertThat(acceptBatch(c, batch)).isEqualTo(4);
            }
            // 8 batches of 4 members, half of them stored customers: a few rows each, not the tenant's 5,000
            assertThat(contactsFetched(s) - before).as("contact rows read through indexes").isLessThan(200);
            try (ResultSet rs = s.executeQuery("SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relname = 'contacts'")) {
                rs.next();
                assertThat(rs.getLong(1)).as("sequential scans of contacts").isZero();
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM messages")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(64);
            }
            c.rollback();
        }
    }

    /** Contact rows read through an index scan in this transaction (a probe by key reads one). */
    private static long contactsFetched(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT idx_tup_fetch FROM pg_stat_xact_user_tables WHERE relname = 'contacts'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** One batch of four members: two new customers and two of the stored ones; answers its row count. */
    private static long acceptBatch(Connection c, int batch) throws SQLException {
        String sql = """
                SELECT count(*) FROM (
                    SELECT array_agg('msg_' || :b || '_' || i) mid, array_agg('contact_new_' || :b || '_' || i) cid,
                           array_agg('conv_' || :b || '_' || i) vid, array_agg('tenant_a'::text) t, array_agg('agent_a'::text) a,
                           array_agg('account_a'::text) acc, array_agg('whatsapp'::text) ch,
                           array_agg(CASE WHEN i <= 2 THEN '5599' || (100000 * :b + i) ELSE '5511' || (900000000 + 100 * :b + i) END) cu,
                           array_agg('Cliente'::text) dn, array_agg(NULL::text) ph, array_agg(now()::text) exp,
                           array_agg('wamid.' || :b || '_' || i) ext, array_agg('text'::text) ty, array_agg('oi'::text) tx,
                           array_agg(NULL::text) me, array_agg(NULL::text) rt, array_agg('{}'::text) raw,
                           array_agg(now()::text) rcv, array_agg(now()::text) nw, array_agg(NULL::text) att
                      FROM generate_series(1, 4) i) r,
                LATERAL accept_inbound_batch(r.mid, r.cid, r.vid, r.t, r.a, r.acc, r.ch, r.cu, r.dn, r.ph, r.exp, r.ext,
                                             r.ty, r.tx, r.me, r.rt, r.raw, r.rcv, r.nw, r.att) b
                """.replace(":b", Integer.toString(batch));
        try (PreparedStatement p = c.prepareStatement(sql); ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
