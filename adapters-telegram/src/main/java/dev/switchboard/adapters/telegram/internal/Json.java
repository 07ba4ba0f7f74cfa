package dev.switchboard.adapters.telegram.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/** Null-safe reads over the Bot API's JSON: a missing or mistyped field reads as null, never as an NPE. */
public final class Json {
    // a buffer pool shared across threads: Jackson's default is per thread, and virtual threads never reuse it
    public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.newConcurrentDequePool()).build());

    private Json() {}

    /** The field as text when it is a non-blank string or a number, else null. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !(value.isTextual() || value.isNumber())) return null;
        String text = value.asText();
        return text.isBlank() ? null : text;
    }

    public static Iterable<JsonNode> array(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isArray() ? value : List.of();
    }

    /** The field when it is an object, else null. */
    public static JsonNode object(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isObject() ? value : null;
    }
}
