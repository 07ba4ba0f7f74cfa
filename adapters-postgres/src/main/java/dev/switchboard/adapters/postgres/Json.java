package dev.switchboard.adapters.postgres;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.domain.MediaRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The jsonb columns (settings, tools, metadata, media) and rows read back as jsonb. */
final class Json {
    // a buffer pool shared across threads: Jackson's default is per thread, and virtual threads never reuse it
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.newConcurrentDequePool()).build());
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};

    private Json() {}

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the database returned JSON that does not parse", e);
        }
    }

    /** Sorted, so equal maps are stored as equal text. */
    static String stringMap(Map<String, String> map) {
        return write(map == null ? Map.of() : new TreeMap<>(map));
    }

    static Map<String, String> stringMap(String json) {
        if (json == null) return Map.of();
        try {
            return MAPPER.readValue(json, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored settings are not a JSON object of strings", e);
        }
    }

    static String stringSet(Set<String> set) {
        return write(new TreeSet<>(set));
    }

    static Set<String> stringSet(String json) {
        try {
            return Set.copyOf(MAPPER.readValue(json, STRING_LIST));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored tools are not a JSON array of strings", e);
        }
    }

    static String media(MediaRef media) {
        if (media == null) return null;
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", media.id());
        node.put("url", media.url());
        node.put("mime_type", media.mimeType());
        node.put("filename", media.filename());
        node.put("sha256", media.sha256());
        node.put("stored_path", media.storedPath());
        return write(node);
    }

    static MediaRef media(JsonNode node) {
        if (node == null || node.isNull()) return null;
        return new MediaRef(text(node, "id"), text(node, "url"), text(node, "mime_type"), text(node, "filename"),
                text(node, "sha256"), text(node, "stored_path"));
    }

    static String text(JsonNode row, String field) {
        JsonNode value = row.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static Long nullableLong(JsonNode row, String field) {
        JsonNode value = row.get(field);
        return value == null || value.isNull() ? null : value.asLong();
    }

    /** PostgreSQL writes timestamptz into JSON as ISO-8601 with an offset. */
    static Instant instant(JsonNode row, String field) {
        String value = text(row, field);
        return value == null ? null : IsoInstants.parse(value);
    }
}
