package dev.switchboard.adapters.meta;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.channel.MalformedWebhookException;
import java.io.IOException;
import java.util.List;

/** Null-safe reads over Meta's JSON: a missing or mistyped field reads as null, never as an NPE. */
public final class GraphJson {
    // a buffer pool shared across threads: Jackson's default is per thread, and virtual threads never reuse it
    public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.newConcurrentDequePool()).build());

    private GraphJson() {}

    /** A webhook body as a JSON object; anything else is a {@link MalformedWebhookException} that says why. */
    public static ObjectNode readObject(ObjectMapper mapper, byte[] body) {
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

    /**
     * A Meta webhook body: a JSON object whose {@code object} names the product ({@code whatsapp_business_account},
     * {@code instagram}) and whose {@code entry} is an array; anything else is a {@link MalformedWebhookException}.
     */
    public static ObjectNode readEnvelope(byte[] body, String expectedObject) {
        ObjectNode root = readObject(MAPPER, body);
        String object = text(root, "object");
        if (!expectedObject.equals(object)) {
            // the value is the sender's: escaped and cut (LogSafe), it can neither forge a log line nor be echoed whole
            throw new MalformedWebhookException("object is " + (object == null ? "missing" : "'" + dev.switchboard.core.support.LogSafe.of(object, 40) + "'")
                    + ", expected '" + expectedObject + "'");
        }
        if (!root.path("entry").isArray()) {
            throw new MalformedWebhookException("entry is missing or not an array");
        }
        return root;
    }

    /** The field as text when it is a non-blank string or a number, else null. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !(value.isTextual() || value.isNumber())) return null;
        String text = value.asText();
        return text.isBlank() ? null : text;
    }

    /** The field's elements when it is an array, else none. */
    public static Iterable<JsonNode> array(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isArray() ? value : List.of();
    }
}
