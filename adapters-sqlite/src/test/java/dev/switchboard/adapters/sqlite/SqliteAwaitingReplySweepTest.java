package dev.switchboard.adapters.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V7__awaiting_reply_index.sql: the sweep for lost work reads only the conversations that owe
 * something. A database written under V6 is migrated (last_inbound_seq backfilled from the history),
 * the sweep finds exactly what is owed, oldest first, with a conversation's several pending sends
 * counted once, and SQLite's plan for it goes through the two partial indexes, never a scan of
 * conversations.
 */
class SqliteAwaitingReplySweepTest {

    @Test
    void the_sweep_reads_what_is_owed_through_its_partial_indexes_after_the_migration() throws SQLException {
        Path file = TestDatabase.freshFile();
        String url = "jdbc:sqlite:" + file;
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/sqlite").target("6").load().migrate();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO contacts (id, tenant_id, channel, channel_user_id, created_at, updated_at) VALUES"
                    + " ('ct1', 't1', 'whatsapp', '16505550001', 1, 1), ('ct2', 't1', 'whatsapp', '16505550002', 1, 1),"
                    + " ('ct3', 't1', 'whatsapp', '16505550003', 1, 1), ('ct4', 't1', 'whatsapp', '16505550004', 1, 1)");
            // oldest first: five sends pending, one send pending, a message not answered, an answered and sent one
            s.executeUpdate("INSERT INTO conversations (id, tenant_id, agent_id, channel_account_id, contact_id, channel, status,"
                    + " last_seq, answered_through_seq, last_inbound_at, last_message_at, created_at) VALUES"
                    + " ('five_sends', 't1', 'a1', 'pn1', 'ct1', 'whatsapp', 'active', 6, 1, 10, 60, 1),"
                    + " ('one_send', 't1', 'a1', 'pn1', 'ct2', 'whatsapp', 'active', 2, 1, 20, 20, 1),"
                    + " ('unanswered', 't1', 'a1', 'pn1', 'ct3', 'whatsapp', 'active', 3, 1, 30, 30, 1),"
                    + " ('answered', 't1', 'a1', 'pn1', 'ct4', 'whatsapp', 'active', 2, 1, 5, 5, 1)");
            s.executeUpdate("INSERT INTO messages (id, tenant_id, conversation_id, channel_account_id, seq, direction, sender,"
                    + " type, text, status, created_at, updated_at) VALUES"
                    + " ('f1', 't1', 'five_sends', 'pn1', 1, 'inbound', 'user', 'text', 'oi', 'received', 10, 10),"
                    + " ('f2', 't1', 'five_sends', 'pn1', 2, 'outbound', 'agent', 'text', 'a', 'pending', 20, 20),"
                    + " ('f3', 't1', 'five_sends', 'pn1', 3, 'outbound', 'agent', 'text', 'b', 'pending', 30, 30),"
                    + " ('f4', 't1', 'five_sends', 'pn1', 4, 'outbound', 'agent', 'text', 'c', 'pending', 40, 40),"
                    + " ('f5', 't1', 'five_sends', 'pn1', 5, 'outbound', 'agent', 'text', 'd', 'pending', 50, 50),"
                    + " ('f6', 't1', 'five_sends', 'pn1', 6, 'outbound', 'agent', 'text', 'e', 'pending', 60, 60),"
                    + " ('o1', 't1', 'one_send', 'pn1', 1, 'inbound', 'user', 'text', 'oi', 'received', 20, 20),"
                    + " ('o2', 't1', 'one_send', 'pn1', 2, 'outbound', 'agent', 'text', 'a', 'pending', 20, 20),"
                    + " ('u1', 't1', 'unanswered', 'pn1', 1, 'inbound', 'user', 'text', 'oi', 'received', 10, 10),"
                    + " ('u2', 't1', 'unanswered', 'pn1', 2, 'outbound', 'agent', 'text', 'a', 'sent', 20, 20),"
                    + " ('u3', 't1', 'unanswered', 'pn1', 3, 'inbound', 'user', 'text', 'e aí?', 'received', 30, 30),"
                    + " ('a1', 't1', 'answered', 'pn1', 1, 'inbound', 'user', 'text', 'oi', 'received', 5, 5),"
                    + " ('a2', 't1', 'answered', 'pn1', 2, 'outbound', 'agent', 'text', 'a', 'sent', 5, 5)");
        }

        try (SqliteStores migrated = SqliteStores.start(SqliteConfig.of(file))) {
            var conversations = migrated.stores().conversations();
            assertThat(TestDatabase.scalar(migrated, "SELECT last_inbound_seq FROM conversations WHERE id = 'unanswered'")).isEqualTo(3);
            assertThat(TestDatabase.scalar(migrated, "SELECT last_inbound_seq FROM conversations WHERE id = 'answered'")).isEqualTo(1);
            Instant later = Instant.now();
            assertThat(conversations.awaitingReply(later, 100)).containsExactly("five_sends", "one_send", "unanswered");
            // five pending sends are one conversation: they do not crowd out the next one
            assertThat(conversations.awaitingReply(later, 2)).containsExactly("five_sends", "one_send");
        }

        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement p = c.prepareStatement("EXPLAIN QUERY PLAN "
                     + SqliteConversationStore.AWAITING_REPLY_SQL.replace(":quiet", "?").replace(":limit", "?"))) {
            for (int i = 1; i <= p.getParameterMetaData().getParameterCount(); i++) p.setLong(i, 100);
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) plan.append(rs.getString("detail")).append('\n');
            }
            assertThat(plan.toString())
                    .contains("INDEX conversations_awaiting_reply")
                    .contains("INDEX messages_pending_outbound")
                    .doesNotContainPattern("SCAN (c|conversations)\\b");
        }
    }
}
