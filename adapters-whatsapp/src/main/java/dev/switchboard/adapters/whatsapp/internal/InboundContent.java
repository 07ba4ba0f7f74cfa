package dev.switchboard.adapters.whatsapp.internal;

import static dev.switchboard.adapters.whatsapp.internal.Json.array;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.domain.MediaRef;
import dev.switchboard.core.domain.MessageTypes;
import java.util.ArrayList;
import java.util.List;

/**
 * What a Cloud API message says, whatever its type: our message type, a text the model can read
 * (the body, the caption, or a short description), and the media it carries.
 */
record InboundContent(String type, String text, MediaRef media) {

    static InboundContent of(JsonNode message) {
        String type = Json.text(message, "type");
        InboundContent content = switch (type == null ? "" : type) {
            case "text" -> new InboundContent(MessageTypes.TEXT, Json.text(message.path("text"), "body"), null);
            case "image" -> media(message, MessageTypes.IMAGE, "[image]");
            case "video" -> media(message, MessageTypes.VIDEO, "[video]");
            case "sticker" -> media(message, MessageTypes.STICKER, "[sticker]");
            case "audio" -> media(message, MessageTypes.AUDIO,
                    message.path("audio").path("voice").asBoolean(false) ? "[voice message]" : "[audio]");
            case "document" -> document(message);
            case "location" -> new InboundContent(MessageTypes.LOCATION, location(message.path("location")), null);
            case "contacts" -> new InboundContent(MessageTypes.CONTACTS, contacts(message), null);
            case "interactive" -> new InboundContent(MessageTypes.INTERACTIVE, interactive(message.path("interactive")), null);
            case "button" -> new InboundContent(MessageTypes.BUTTON,
                    firstNonNull(Json.text(message.path("button"), "text"), Json.text(message.path("button"), "payload")), null);
            case "reaction" -> new InboundContent(MessageTypes.REACTION, reaction(message.path("reaction")), null);
            case "order" -> new InboundContent("order", order(message.path("order")), null);
            case "system" -> new InboundContent("system",
                    firstNonNull(Json.text(message.path("system"), "body"), "[system notice]"), null);
            case "request_welcome" -> new InboundContent("request_welcome", "[the customer opened the chat]", null);
            default -> unsupported(message, type);
        };
        return content.withReferral(message.path("referral"));
    }

    private static InboundContent media(JsonNode message, String type, String description) {
        JsonNode media = message.path(type);
        return new InboundContent(type, firstNonNull(Json.text(media, "caption"), description), mediaRef(media));
    }

    private static InboundContent document(JsonNode message) {
        JsonNode media = message.path("document");
        String filename = Json.text(media, "filename");
        String description = filename == null ? "[document]" : "[document " + filename + "]";
        return new InboundContent(MessageTypes.DOCUMENT, firstNonNull(Json.text(media, "caption"), description), mediaRef(media));
    }

    private static MediaRef mediaRef(JsonNode media) {
        return new MediaRef(Json.text(media, "id"), Json.text(media, "url"), Json.text(media, "mime_type"),
                Json.text(media, "filename"), Json.text(media, "sha256"), null);
    }

    private static String location(JsonNode location) {
        String name = Json.text(location, "name");
        String address = Json.text(location, "address");
        if (name != null || address != null) {
            return name == null ? address : address == null ? name : name + ", " + address;
        }
        String latitude = Json.text(location, "latitude");
        String longitude = Json.text(location, "longitude");
        return latitude == null || longitude == null ? "[location]" : latitude + "," + longitude;
    }

    private static String contacts(JsonNode message) {
        List<String> cards = new ArrayList<>();
        for (JsonNode contact : array(message, "contacts")) {
            String name = firstNonNull(Json.text(contact.path("name"), "formatted_name"), Json.text(contact.path("name"), "first_name"));
            List<String> phones = new ArrayList<>();
            for (JsonNode phone : array(contact, "phones")) {
                String number = firstNonNull(Json.text(phone, "phone"), Json.text(phone, "wa_id"));
                if (number != null) phones.add(number);
            }
            String card = name == null ? "contact" : name;
            cards.add(phones.isEmpty() ? card : card + " (" + String.join(", ", phones) + ")");
        }
        return cards.isEmpty() ? "[shared contact]" : "[shared contact] " + String.join("; ", cards);
    }

    private static String interactive(JsonNode interactive) {
        String kind = Json.text(interactive, "type");
        if (kind == null) return "[interactive reply]";
        JsonNode reply = interactive.path(kind);
        return switch (kind) {
            case "button_reply", "list_reply" -> firstNonNull(Json.text(reply, "title"), Json.text(reply, "id"), "[" + kind + "]");
            case "nfm_reply" -> firstNonNull(Json.text(reply, "body"), Json.text(reply, "name"), "[form reply]");
            default -> "[interactive " + kind + "]";
        };
    }

    private static String reaction(JsonNode reaction) {
        return firstNonNull(Json.text(reaction, "emoji"), "[reaction removed]");
    }

    private static String order(JsonNode order) {
        int items = order.path("product_items").size();
        String note = Json.text(order, "text");
        String summary = "[order with " + items + (items == 1 ? " item]" : " items]");
        return note == null ? summary : summary + " " + note;
    }

    private static InboundContent unsupported(JsonNode message, String type) {
        JsonNode error = message.path("errors").path(0);
        String reason = firstNonNull(Json.text(error.path("error_data"), "details"), Json.text(error, "title"), Json.text(error, "message"));
        String label = type == null || type.equals("unsupported") || type.equals("unknown") ? "message" : type + " message";
        String text = "[unsupported " + label + (reason == null ? "]" : ": " + reason + "]");
        return new InboundContent(MessageTypes.UNKNOWN, text, null);
    }

    /** Click-to-WhatsApp ads attach the ad to the first message; the model should know where it came from. */
    private InboundContent withReferral(JsonNode referral) {
        if (!referral.isObject()) return this;
        String ad = firstNonNull(Json.text(referral, "headline"), Json.text(referral, "body"), Json.text(referral, "source_url"), "an ad");
        String note = "[came from ad: " + ad + "]";
        return new InboundContent(type, text == null ? note : text + "\n" + note, media);
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) return value;
        }
        return null;
    }
}
