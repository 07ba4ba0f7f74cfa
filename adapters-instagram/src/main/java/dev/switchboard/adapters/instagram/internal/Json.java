package dev.switchboard.adapters.instagram.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.adapters.meta.GraphJson;
import java.time.DateTimeException;
import java.time.Instant;

/** Null-safe reads over Meta's JSON ({@link GraphJson}), plus Instagram's millisecond timestamps and flags. */
final class Json {
    static final ObjectMapper MAPPER = GraphJson.MAPPER;

    /**
     * Below this a timestamp cannot be milliseconds of a date Instagram messaging has existed in
     * (it is early 1973), so it is read as seconds rather than stored as a date in 1970.
     */
    private static final long SMALLEST_MILLIS = 100_000_000_000L;

    private Json() {}

    /** The field as text when it is a non-blank string or a number, else null. */
    static String text(JsonNode node, String field) {
        return GraphJson.text(node, field);
    }

    /** True only for a JSON {@code true}: a flag Meta leaves out is false. */
    static boolean flag(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isBoolean() && value.booleanValue();
    }

    static Iterable<JsonNode> array(JsonNode node, String field) {
        return GraphJson.array(node, field);
    }

    /** Instagram sends epoch milliseconds as a number; null when absent or unreadable. */
    static Instant epochMillis(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null) return null;
        try {
            long number = Long.parseLong(value.strip());
            if (number <= 0) return null;
            return number < SMALLEST_MILLIS ? Instant.ofEpochSecond(number) : Instant.ofEpochMilli(number);
        } catch (NumberFormatException | DateTimeException e) {
            return null;
        }
    }

    @SafeVarargs
    static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) return value;
        }
        return null;
    }
}
