package dev.switchboard.adapters.whatsapp.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.channel.MalformedWebhookException;
import java.io.IOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;

/** Null-safe reads over Meta's JSON: a missing or mistyped field reads as null, never as an NPE. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /** A webhook body as a JSON object; anything else is a {@link MalformedWebhookException} that says why. */
    static ObjectNode readObject(ObjectMapper mapper, byte[] body) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JacksonException e) {
            throw new MalformedWebhookException("body is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedWebhookException("body could not be read: " + e.getMessage(), e);
        }
        if (!(root instanceof ObjectNode object)) throw new MalformedWebhookException("body is not a JSON object");
        return object;
    }

    /** The field as text when it is a non-blank string or a number, else null. */
    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !(value.isTextual() || value.isNumber())) return null;
        String text = value.asText();
        return text.isBlank() ? null : text;
    }

    /** Meta sends Unix seconds as a string; an absent or unreadable value becomes the receive time. */
    static Instant epochSeconds(JsonNode node, String field, Clock clock) {
        String value = text(node, field);
        if (value != null) {
            try {
                return Instant.ofEpochSecond(Long.parseLong(value.strip()));
            } catch (NumberFormatException | DateTimeException e) {
                // fall through to the receive time: a bad timestamp must not drop the event
            }
        }
        return clock.instant();
    }

    static Iterable<JsonNode> array(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isArray() ? value : List.of();
    }
}
