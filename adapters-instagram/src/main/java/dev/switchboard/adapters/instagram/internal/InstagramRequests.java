package dev.switchboard.adapters.instagram.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.channel.OutboundContent;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.support.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Request bodies for {@code POST /{ig-id}/messages} (Instagram API with Instagram Login). */
public final class InstagramRequests {
    /** Instagram's limit on a text message, in UTF-8 bytes; longer replies go out as several messages. */
    public static final int MAX_TEXT_BYTES = 1000;

    /** Our media kinds and Instagram's attachment types. */
    private static final Map<String, String> ATTACHMENT_TYPES = Map.of(
            "image", "image", "video", "video", "audio", "audio", "document", "file");

    private InstagramRequests() {}

    /** Content this channel cannot carry at all; retrying or rewording the same content cannot help. */
    public static final class UnsupportedContentException extends RuntimeException {
        UnsupportedContentException(String message) {
            super(message);
        }
    }

    /**
     * The bodies that carry {@code message}, in sending order: one, or several for a long text or a
     * captioned attachment (Instagram attachments have no caption: it follows as text).
     *
     * @throws InvalidInputException        when the content is incomplete (no body, no link)
     * @throws UnsupportedContentException  for reactions, buttons and templates
     */
    public static List<ObjectNode> forMessage(String recipient, OutboundMessage message) {
        if (message.content() == null) throw invalid("the message has no content");
        return switch (message.content()) {
            case OutboundContent.Text text -> texts(recipient, text.body());
            case OutboundContent.Media media -> media(recipient, media);
            case OutboundContent.Reaction r -> throw unsupported("reactions");
            case OutboundContent.Buttons b -> throw unsupported("reply buttons");
            case OutboundContent.Template t -> throw unsupported("templates");
        };
    }

    private static List<ObjectNode> texts(String recipient, String body) {
        if (body == null || body.isBlank()) throw invalid("a text message needs a non-empty body");
        List<ObjectNode> requests = new ArrayList<>();
        for (String part : Utf8Chunks.split(body, MAX_TEXT_BYTES)) {
            ObjectNode request = envelope(recipient);
            request.putObject("message").put("text", part);
            requests.add(request);
        }
        return requests;
    }

    private static List<ObjectNode> media(String recipient, OutboundContent.Media media) {
        String type = media.kind() == null ? null : ATTACHMENT_TYPES.get(media.kind());
        if (type == null) {
            throw invalid("media kind must be one of " + ATTACHMENT_TYPES.keySet() + ", got '" + media.kind() + "'");
        }
        if (media.link() == null || media.link().isBlank()) throw invalid(media.kind() + " needs a link");
        ObjectNode request = envelope(recipient);
        request.putObject("message").putObject("attachment").put("type", type)
                .putObject("payload").put("url", media.link());
        List<ObjectNode> requests = new ArrayList<>(List.of(request));
        if (media.caption() != null && !media.caption().isBlank()) requests.addAll(texts(recipient, media.caption()));
        return requests;
    }

    private static ObjectNode envelope(String recipient) {
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.putObject("recipient").put("id", recipient);
        return request;
    }

    private static InvalidInputException invalid(String message) {
        return new InvalidInputException("content", message);
    }

    private static UnsupportedContentException unsupported(String what) {
        return new UnsupportedContentException("Instagram Direct does not carry " + what + " through this channel");
    }
}
