package dev.switchboard.adapters.meta;

import static dev.switchboard.adapters.meta.GraphJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * Meta's Graph error envelope, as both the WhatsApp Cloud and the Instagram APIs answer a failed call:
 * {@code {"error": {"message", "type", "code", "error_subcode", "error_data": {"details"},
 * "error_user_msg", "is_transient", "fbtrace_id"}}}. Every field is null (false) when absent.
 *
 * @param code        {@code error.code} as text, the field Meta says to decide on
 * @param details     {@code error.error_data.details}, which tells cases of one code apart
 * @param transientFlag {@code error.is_transient}: Meta's own hint that a retry may succeed
 */
public record GraphError(String code, String message, String type, String subcode, String details,
                         String userMessage, String fbtraceId, boolean transientFlag) {

    private static final GraphError NONE = new GraphError(null, null, null, null, null, null, null, false);

    /** Reads the envelope from a response body; an empty, non-JSON or envelope-less body gives all nulls. */
    public static GraphError parse(String body) {
        if (body == null || body.isBlank()) return NONE;
        JsonNode root;
        try {
            root = GraphJson.MAPPER.readTree(body);
        } catch (IOException e) {
            return NONE;
        }
        JsonNode error = root == null ? null : root.get("error");
        if (error == null || !error.isObject()) return NONE;
        return new GraphError(text(error, "code"), text(error, "message"), text(error, "type"),
                text(error, "error_subcode"), text(error.path("error_data"), "details"), text(error, "error_user_msg"),
                text(error, "fbtrace_id"), error.path("is_transient").asBoolean(false));
    }

    /** {@link #code} as a number, or null when absent or not an integer. */
    public Integer numericCode() {
        if (code == null) return null;
        try {
            return Integer.valueOf(code);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
