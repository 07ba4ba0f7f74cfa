package dev.switchboard.adapters.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.domain.Conversation;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V2__conversation_facts.sql on a database written under V1: the facts are backfilled from the
 * history as PostgreSQL's V6 does (greeted, the bot's last message, a WhatsApp 131047 failure).
 */
class SqliteFactsMigrationTest {

    @Test
    void facts_are_backfilled_from_the_messages_stored_before_the_migration() throws SQLException {
        Path file = TestDatabase.freshFile();
        String url = "jdbc:sqlite:" + file;
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/sqlite").target("1").load().migrate();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO contacts (id, tenant_id, channel, channel_user_id, created_at, updated_at)"
                    + " VALUES ('ct1', 't1', 'whatsapp', '16505551234', 1, 1), ('ct2', 't1', 'whatsapp', '16505555678', 1, 1)");
            s.executeUpdate("INSERT INTO conversations (id, tenant_id, agent_id, channel_account_id, contact_id, channel, status,"
                    + " last_seq, last_inbound_at, last_message_at, created_at) VALUES"
                    + " ('answered', 't1', 'a1', 'pn1', 'ct1', 'whatsapp', 'active', 4, 10, 40, 1),"
                    + " ('silent', 't1', 'a1', 'pn1', 'ct2', 'whatsapp', 'active', 1, 10, 10, 1)");
            s.executeUpdate("INSERT INTO messages (id, tenant_id, conversation_id, channel_account_id, seq, direction, sender,"
                    + " type, text, status, error_code, created_at, updated_at) VALUES"
                    + " ('m1', 't1', 'answered', 'pn1', 1, 'inbound', 'user', 'text', 'oi', 'received', NULL, 10, 10),"
                    + " ('m2', 't1', 'answered', 'pn1', 2, 'outbound', 'agent', 'text', 'Olá', 'sent', NULL, 20, 20),"
                    + " ('m3', 't1', 'answered', 'pn1', 3, 'outbound', 'agent', 'text', 'Tudo?', 'failed', '131047', 30, 35),"
                    + " ('m4', 't1', 'answered', 'pn1', 4, 'outbound', 'human', 'text', 'Oi!', 'sent', NULL, 40, 40),"
                    + " ('m5', 't1', 'silent', 'pn1', 1, 'inbound', 'user', 'text', 'oi', 'received', NULL, 10, 10)");
        }

        try (SqliteStores migrated = SqliteStores.start(SqliteConfig.of(file))) {
            Conversation answered = migrated.stores().conversations().find("answered").orElseThrow();
            assertThat(answered.greeted()).isTrue();
            assertThat(answered.lastAgentMessageId()).isEqualTo("m3");
            assertThat(answered.windowClosedAt()).isNotNull();
            assertThat(answered.providerClosedWindow()).isTrue();
            assertThat(answered.recipientBlocked()).isFalse();

            Conversation silent = migrated.stores().conversations().find("silent").orElseThrow();
            assertThat(silent.greeted()).isFalse();
            assertThat(silent.lastAgentMessageId()).isNull();
            assertThat(silent.windowClosedAt()).isNull();
            assertThat(migrated.stores().conversations().findMessage("m1").orElseThrow().editedAt()).isNull();
        }
    }
}
