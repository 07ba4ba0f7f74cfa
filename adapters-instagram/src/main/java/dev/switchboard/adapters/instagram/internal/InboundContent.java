package dev.switchboard.adapters.instagram.internal;

import static dev.switchboard.adapters.instagram.internal.Json.array;
import static dev.switchboard.adapters.instagram.internal.Json.firstNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.domain.MediaRef;
import dev.switchboard.core.domain.MessageTypes;
import java.util.ArrayList;
import java.util.List;

/**
 * What an Instagram {@code message} object says: our message type, a text the model can read (the
 * customer's words, then a short description of each attachment) and the first attachment's media.
 * Instagram gives attachments only as CDN URLs (which expire); the others stay in the raw payload.
 */
record InboundContent(String type, String text, MediaRef media) {

    static InboundContent of(JsonNode message) {
        if (Json.flag(message, "is_unsupported")) {
            return new InboundContent(MessageTypes.UNKNOWN,
                    "[unsupported message: Instagram does not pass this kind of message to apps]", null);
        }
        String words = Json.text(message, "text");
        List<String> descriptions = new ArrayList<>();
        String type = null;
        MediaRef media = null;
        for (JsonNode attachment : array(message, "attachments")) {
            String kind = Json.text(attachment, "type");
            descriptions.add(describe(kind, attachment.path("payload")));
            if (type == null) type = typeOf(kind);
            String url = Json.text(attachment.path("payload"), "url");
            if (media == null && url != null) media = MediaRef.ofLink(url, null);
        }
        JsonNode story = message.path("reply_to").path("story");
        if (story.isObject()) {
            descriptions.add("[replying to your story]");
            String url = Json.text(story, "url");
            if (media == null && url != null) media = MediaRef.ofLink(url, null);
        }
        if (type == null) type = words != null ? MessageTypes.TEXT : MessageTypes.UNKNOWN;
        String text = join(words, descriptions);
        return new InboundContent(type, text == null ? "[empty message]" : text, media);
    }

    /** Instagram's attachment types mapped to the shared vocabulary; the rest keep their own name. */
    private static String typeOf(String kind) {
        if (kind == null) return MessageTypes.UNKNOWN;
        return switch (kind) {
            case "image" -> MessageTypes.IMAGE;
            case "video" -> MessageTypes.VIDEO;
            case "audio" -> MessageTypes.AUDIO;
            case "file" -> MessageTypes.DOCUMENT;
            default -> kind;
        };
    }

    private static String describe(String kind, JsonNode payload) {
        String title = Json.text(payload, "title");
        return switch (kind == null ? "" : kind) {
            case "image" -> "[image]";
            case "video" -> "[video]";
            case "audio" -> "[audio]";
            case "file" -> "[file]";
            case "share", "ig_post" -> title == null ? "[shared a post]" : "[shared a post: " + title + "]";
            case "ig_reel", "reel" -> title == null ? "[shared a reel]" : "[shared a reel: " + title + "]";
            case "story_mention" -> "[mentioned you in their story]";
            case "animated_image" -> "[GIF]";
            case "sticker" -> "[sticker]";
            case "fallback" -> title == null ? "[link]" : "[link: " + title + "]";
            case "" -> "[attachment]";
            default -> "[" + kind + " attachment]";
        };
    }

    private static String join(String words, List<String> descriptions) {
        String notes = descriptions.isEmpty() ? null : String.join(" ", descriptions);
        return words == null ? notes : notes == null ? words : words + "\n" + notes;
    }

    static String reaction(JsonNode reaction) {
        if ("unreact".equals(Json.text(reaction, "action"))) return "[reaction removed]";
        String name = Json.text(reaction, "reaction");
        return firstNonNull(Json.text(reaction, "emoji"), name == null ? null : "[" + name + "]", "[reaction]");
    }
}
