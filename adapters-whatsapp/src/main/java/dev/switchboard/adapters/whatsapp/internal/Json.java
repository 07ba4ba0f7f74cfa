package dev.switchboard.adapters.whatsapp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.adapters.meta.GraphJson;
import dev.switchboard.core.channel.MalformedWebhookException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * Null-safe reads over the providers' JSON (Meta's and Evolution's): a missing or mistyped field
 * reads as null, never as an NPE. The generic reads are {@link GraphJson}'s; this adds Meta's
 * Unix-seconds timestamps.
 */
final class Json {
    static final ObjectMapper MAPPER = GraphJson.MAPPER;

    private Json() {}

    /** A webhook body as a JSON object; anything else is a {@link MalformedWebhookException} that says why. */
    static ObjectNode readObject(ObjectMapper mapper, byte[] body) {
        return GraphJson.readObject(mapper, body);
    }

    /** The field as text when it is a non-blank string or a number, else null. */
    static String text(JsonNode node, String field) {
        return GraphJson.text(node, field);
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
        return GraphJson.array(node, field);
    }
}
