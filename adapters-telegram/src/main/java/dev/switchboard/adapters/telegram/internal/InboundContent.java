package dev.switchboard.adapters.telegram.internal;

import static dev.switchboard.adapters.telegram.internal.Json.object;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.domain.MediaRef;
import dev.switchboard.core.domain.MessageTypes;

/**
 * What a Telegram message says, in core's vocabulary. Media is referenced by its {@code file_id}
 * (downloaded later through {@code getFile}); the text is the message text or the caption, else a
 * short description the model can read.
 */
public record InboundContent(String type, String text, MediaRef media) {

    public static InboundContent of(JsonNode message) {
        String caption = Json.text(message, "caption");
        if (Json.text(message, "text") != null) return new InboundContent(MessageTypes.TEXT, message.get("text").asText(), null);
        if (message.has("photo")) return media(MessageTypes.IMAGE, largestPhoto(message), "image/jpeg", caption, "[image]");
        if (message.has("sticker")) {
            JsonNode sticker = object(message, "sticker");
            String emoji = Json.text(sticker, "emoji");
            return media(MessageTypes.STICKER, sticker, "image/webp", null, emoji == null ? "[sticker]" : "[sticker " + emoji + "]");
        }
        if (message.has("voice")) return media(MessageTypes.AUDIO, object(message, "voice"), "audio/ogg", caption, "[voice message]");
        if (message.has("audio")) return media(MessageTypes.AUDIO, object(message, "audio"), null, caption, "[audio]");
        if (message.has("video")) return media(MessageTypes.VIDEO, object(message, "video"), null, caption, "[video]");
        if (message.has("video_note")) return media(MessageTypes.VIDEO, object(message, "video_note"), "video/mp4", null, "[video message]");
        if (message.has("document")) {
            String name = Json.text(object(message, "document"), "file_name");
            return media(MessageTypes.DOCUMENT, object(message, "document"), null, caption, name == null ? "[document]" : "[document " + name + "]");
        }
        if (message.has("venue")) return new InboundContent(MessageTypes.LOCATION, venue(object(message, "venue")), null);
        if (message.has("location")) return new InboundContent(MessageTypes.LOCATION, location(object(message, "location")), null);
        if (message.has("contact")) return new InboundContent(MessageTypes.CONTACTS, contact(object(message, "contact")), null);
        return new InboundContent(MessageTypes.UNKNOWN, "[unsupported message]", null);
    }

    private static InboundContent media(String type, JsonNode file, String defaultMime, String caption, String description) {
        String fileId = Json.text(file, "file_id");
        MediaRef media = fileId == null ? null
                : new MediaRef(fileId, null, firstNonNull(Json.text(file, "mime_type"), defaultMime), Json.text(file, "file_name"), null, null);
        return new InboundContent(type, caption != null ? caption : description, media);
    }

    /** Telegram lists a photo in several sizes; the largest is the one worth keeping. */
    private static JsonNode largestPhoto(JsonNode message) {
        JsonNode best = null;
        long bestArea = -1;
        for (JsonNode size : Json.array(message, "photo")) {
            long area = size.path("width").asLong(0) * size.path("height").asLong(0);
            if (area == 0) area = size.path("file_size").asLong(0);
            if (area >= bestArea) {
                best = size;
                bestArea = area;
            }
        }
        return best;
    }

    private static String location(JsonNode location) {
        String lat = Json.text(location, "latitude");
        String lon = Json.text(location, "longitude");
        return lat == null || lon == null ? "[location]" : "[location " + lat + ", " + lon + "]";
    }

    private static String venue(JsonNode venue) {
        String title = Json.text(venue, "title");
        String address = Json.text(venue, "address");
        String place = title == null ? address : address == null ? title : title + ", " + address;
        return place == null ? location(object(venue, "location")) : place;
    }

    private static String contact(JsonNode contact) {
        String name = String.join(" ", java.util.stream.Stream.of(Json.text(contact, "first_name"), Json.text(contact, "last_name"))
                .filter(java.util.Objects::nonNull).toList());
        String phone = Json.text(contact, "phone_number");
        if (name.isEmpty()) return phone == null ? "[contact]" : "[contact " + phone + "]";
        return phone == null ? "[contact " + name + "]" : "[contact " + name + ", " + phone + "]";
    }

    private static <T> T firstNonNull(T a, T b) {
        return a != null ? a : b;
    }
}
