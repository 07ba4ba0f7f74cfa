package dev.switchboard.adapters.webchat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * What a visitor posts: {@code {"text": "…", "client_message_id": "…", "locale": "de-CH"}}. The
 * client's id makes a retry of the same message idempotent; the optional locale (the browser's
 * language tag) is kept on the contact.
 *
 * @param locale null when the widget sent none
 */
public record VisitorMessage(String text, String clientMessageId, String locale) {
    // a buffer pool shared across threads: Jackson's default is per thread, and virtual threads never reuse it
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.newConcurrentDequePool()).build());
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern LOCALE = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,4}");

    /** Bodies over this many bytes per allowed character are refused unread with 413. */
    private static final int BYTES_PER_CHAR = 8;

    /**
     * @param maxText the longest text accepted, in characters (WEBCHAT_MAX_TEXT)
     * @throws WebchatInputException naming the bad field
     */
    public static VisitorMessage read(byte[] body, int maxText) {
        if (body.length > (long) maxText * BYTES_PER_CHAR + 1024) {
            throw new WebchatInputException(413, "text", "the request is too large; text is limited to " + maxText + " characters");
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            throw new WebchatInputException(400, "body", "not a JSON object");
        }
        if (node == null || !node.isObject()) throw new WebchatInputException(400, "body", "not a JSON object");
        JsonNode text = node.get("text");
        if (text == null || !text.isTextual() || text.asText().isBlank()) {
            throw new WebchatInputException(400, "text", "is required and must be a non-blank string");
        }
        String t = text.asText().strip();
        if (t.codePointCount(0, t.length()) > maxText) {
            throw new WebchatInputException(400, "text", "is longer than " + maxText + " characters (WEBCHAT_MAX_TEXT)");
        }
        JsonNode id = node.get("client_message_id");
        if (id == null || !id.isTextual() || !CLIENT_ID.matcher(id.asText()).matches()) {
            throw new WebchatInputException(400, "client_message_id", "is required: 1 to 64 letters, digits, _ or -");
        }
        JsonNode locale = node.get("locale");
        if (locale != null && !locale.isNull() && (!locale.isTextual() || !LOCALE.matcher(locale.asText()).matches())) {
            throw new WebchatInputException(400, "locale", "must be a language tag such as en or pt-BR");
        }
        return new VisitorMessage(t, id.asText(), locale == null || locale.isNull() ? null : locale.asText());
    }

    /** The external id the engine deduplicates on: unique per visitor, so two visitors never collide. */
    public String externalId(Visitor visitor) {
        return visitor.visitorId() + ":" + clientMessageId;
    }

    /** The client's id back from an external id made by {@link #externalId}; null for any other id. */
    public static String clientMessageId(String externalId) {
        if (externalId == null) return null;
        int colon = externalId.indexOf(':');
        return colon < 0 ? null : externalId.substring(colon + 1);
    }
}
