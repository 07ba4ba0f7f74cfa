package dev.switchboard.adapters.sqlite;

import dev.switchboard.core.domain.Conversation;
import dev.switchboard.core.domain.ConversationStatus;
import dev.switchboard.core.domain.DeliveryStatus;
import dev.switchboard.core.domain.Direction;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.domain.Sender;
import dev.switchboard.core.domain.Usage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import org.jdbi.v3.core.statement.StatementContext;

/** Maps {@code conversations} and {@code messages} rows (selected as {@code *}) to core records. */
final class ConversationRows {
    private ConversationRows() {}

    static Message message(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Message(
                rs.getString("id"),
                rs.getString("tenant_id"),
                rs.getString("conversation_id"),
                rs.getString("channel_account_id"),
                rs.getLong("seq"),
                Direction.valueOf(rs.getString("direction").toUpperCase(Locale.ROOT)),
                Sender.valueOf(rs.getString("sender").toUpperCase(Locale.ROOT)),
                rs.getString("type"),
                rs.getString("text"),
                Json.media(rs.getString("media")),
                rs.getString("external_id"),
                rs.getString("reply_to_external_id"),
                DeliveryStatus.fromWire(rs.getString("status")).orElseThrow(),
                rs.getInt("attempts"),
                rs.getString("error_code"),
                rs.getString("last_error"),
                rs.getString("raw"),
                usage(rs),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "updated_at"),
                Sql.instant(rs, "edited_at"));
    }

    static Conversation conversation(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Conversation(
                rs.getString("id"),
                rs.getString("tenant_id"),
                rs.getString("agent_id"),
                rs.getString("channel_account_id"),
                rs.getString("contact_id"),
                rs.getString("channel"),
                ConversationStatus.fromWire(rs.getString("status")).orElseThrow(),
                rs.getString("status_reason"),
                rs.getString("model_conversation_id"),
                rs.getLong("last_seq"),
                rs.getLong("answered_through_seq"),
                rs.getLong("extracted_through_seq"),
                Sql.instant(rs, "last_inbound_at"),
                Sql.instant(rs, "last_message_at"),
                Sql.instant(rs, "created_at"),
                rs.getInt("greeted") != 0,
                Sql.instant(rs, "window_closed_at"),
                rs.getInt("recipient_blocked") != 0,
                rs.getString("last_agent_message_id"));
    }

    /** Messages without model usage have NULL token columns. */
    private static Usage usage(ResultSet rs) throws SQLException {
        Long input = Sql.nullableLong(rs, "input_tokens");
        Long output = Sql.nullableLong(rs, "output_tokens");
        Long total = Sql.nullableLong(rs, "total_tokens");
        if (input == null && output == null && total == null) return null;
        return new Usage(orZero(input), orZero(output), orZero(total));
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
