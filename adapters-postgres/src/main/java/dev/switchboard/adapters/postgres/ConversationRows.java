package dev.switchboard.adapters.postgres;

import static dev.switchboard.adapters.postgres.Json.instant;
import static dev.switchboard.adapters.postgres.Json.nullableLong;
import static dev.switchboard.adapters.postgres.Json.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.domain.Conversation;
import dev.switchboard.core.domain.ConversationStatus;
import dev.switchboard.core.domain.DeliveryStatus;
import dev.switchboard.core.domain.Direction;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.domain.Sender;
import dev.switchboard.core.domain.Usage;
import java.util.Locale;

/**
 * Maps {@code conversations} and {@code messages} rows to core records. The write functions return
 * their rows as jsonb ({@code to_jsonb(row)}), so every read of these two tables selects them the
 * same way and this one mapper serves both.
 */
final class ConversationRows {
    /** Select list for a message row aliased {@code m}. */
    static final String MESSAGE = "to_jsonb(m)::text";
    /** Select list for a conversation row aliased {@code c}. */
    static final String CONVERSATION = "to_jsonb(c)::text";

    private ConversationRows() {}

    static Message message(String json) {
        return message(Json.tree(json));
    }

    static Message message(JsonNode n) {
        return new Message(
                text(n, "id"),
                text(n, "tenant_id"),
                text(n, "conversation_id"),
                text(n, "channel_account_id"),
                n.get("seq").asLong(),
                Direction.valueOf(text(n, "direction").toUpperCase(Locale.ROOT)),
                Sender.valueOf(text(n, "sender").toUpperCase(Locale.ROOT)),
                text(n, "type"),
                text(n, "text"),
                Json.media(n.get("media")),
                text(n, "external_id"),
                text(n, "reply_to_external_id"),
                DeliveryStatus.fromWire(text(n, "status")).orElseThrow(),
                n.get("attempts").asInt(),
                text(n, "error_code"),
                text(n, "last_error"),
                text(n, "raw"),
                usage(n),
                instant(n, "created_at"),
                instant(n, "updated_at"),
                instant(n, "edited_at"));
    }

    static Conversation conversation(String json) {
        return conversation(Json.tree(json));
    }

    static Conversation conversation(JsonNode n) {
        return new Conversation(
                text(n, "id"),
                text(n, "tenant_id"),
                text(n, "agent_id"),
                text(n, "channel_account_id"),
                text(n, "contact_id"),
                text(n, "channel"),
                ConversationStatus.fromWire(text(n, "status")).orElseThrow(),
                text(n, "status_reason"),
                text(n, "model_conversation_id"),
                n.get("last_seq").asLong(),
                n.get("answered_through_seq").asLong(),
                n.get("extracted_through_seq").asLong(),
                instant(n, "last_inbound_at"),
                instant(n, "last_message_at"),
                instant(n, "created_at"),
                flag(n, "greeted"),
                instant(n, "window_closed_at"),
                flag(n, "recipient_blocked"),
                text(n, "last_agent_message_id"));
    }

    private static boolean flag(JsonNode n, String field) {
        JsonNode value = n.get(field);
        return value != null && value.asBoolean();
    }

    /** Messages without model usage have NULL token columns. */
    private static Usage usage(JsonNode n) {
        Long input = nullableLong(n, "input_tokens");
        Long output = nullableLong(n, "output_tokens");
        Long total = nullableLong(n, "total_tokens");
        if (input == null && output == null && total == null) return null;
        return new Usage(orZero(input), orZero(output), orZero(total));
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
