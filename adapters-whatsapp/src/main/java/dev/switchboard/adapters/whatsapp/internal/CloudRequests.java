package dev.switchboard.adapters.whatsapp.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Request bodies for {@code POST /{phone-number-id}/messages}, shaped as Meta's sendMessage schema. */
public final class CloudRequests {
    private CloudRequests() {}

    /** @param to E.164 with the leading {@code +}; @param replyTo the message to quote, or null */
    public static ObjectNode text(String to, String body, String replyTo) {
        ObjectNode request = envelope(to, "text", replyTo);
        request.putObject("text").put("preview_url", false).put("body", body);
        return request;
    }

    public static ObjectNode markRead(String messageId) {
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.put("messaging_product", "whatsapp").put("status", "read").put("message_id", messageId);
        return request;
    }

    private static ObjectNode envelope(String to, String type, String replyTo) {
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.put("messaging_product", "whatsapp").put("recipient_type", "individual").put("to", to);
        if (replyTo != null && !replyTo.isBlank()) request.putObject("context").put("message_id", replyTo);
        request.put("type", type);
        return request;
    }
}
