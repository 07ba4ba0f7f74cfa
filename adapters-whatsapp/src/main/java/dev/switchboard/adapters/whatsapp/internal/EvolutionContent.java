package dev.switchboard.adapters.whatsapp.internal;

import static dev.switchboard.adapters.whatsapp.internal.Json.array;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.domain.MediaRef;
import dev.switchboard.core.domain.MessageTypes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * What a Baileys message (Evolution's {@code data.message}) says, whatever its type: our message
 * type, a text the model can read (the body, the caption, or a short description), the media it
 * carries and the message it replies to.
 *
 * <p>Media: the {@code url} inside {@code imageMessage} and its siblings points to encrypted
 * WhatsApp CDN content and is useless as is. The media reference therefore carries the message's
 * {@code key.id} as its id (what Evolution's {@code /chat/getBase64FromMediaMessage} takes) and
 * {@code message.mediaUrl} when the server stores media in S3.
 */
record EvolutionContent(String type, String text, MediaRef media, String replyTo) {

    /** Keys that sit next to the content in {@code data.message} without being content. */
    private static final Set<String> NOT_CONTENT = Set.of("messageContextInfo", "base64", "mediaUrl", "speechToText");

    /** Messages about other messages (deletions, edits, key distribution): nothing a customer said. */
    static final Set<String> PROTOCOL = Set.of(
            "protocolMessage", "senderKeyDistributionMessage", "editedMessage", "pollUpdateMessage", "keepInChatMessage");

    /** The Baileys type of the message: {@code messageType} when given, else the content key in {@code message}. */
    static String baileysType(JsonNode data) {
        String declared = Json.text(data, "messageType");
        if (declared != null) return declared;
        Iterator<String> keys = data.path("message").fieldNames();
        while (keys.hasNext()) {
            String key = keys.next();
            if (!NOT_CONTENT.contains(key)) return key;
        }
        return null;
    }

    static EvolutionContent of(JsonNode data, String baileysType, String messageId) {
        JsonNode message = data.path("message");
        String kind = baileysType == null ? "" : baileysType;
        JsonNode body = message.path(kind);
        String replyTo = firstNonNull(Json.text(data.path("contextInfo"), "stanzaId"), Json.text(body.path("contextInfo"), "stanzaId"));
        MediaRef media = mediaRef(message, body, messageId);
        return switch (kind) {
            // Evolution rewrites extendedTextMessage to conversation since 2024-09; older servers do not.
            case "conversation", "extendedTextMessage" -> new EvolutionContent(MessageTypes.TEXT,
                    firstNonNull(Json.text(message, "conversation"), Json.text(message.path("extendedTextMessage"), "text")), null, replyTo);
            case "imageMessage" -> new EvolutionContent(MessageTypes.IMAGE, captionOr(body, "[image]"), media, replyTo);
            case "videoMessage", "ptvMessage" -> new EvolutionContent(MessageTypes.VIDEO, captionOr(body, "[video]"), media, replyTo);
            case "stickerMessage" -> new EvolutionContent(MessageTypes.STICKER, "[sticker]", media, replyTo);
            case "audioMessage" -> new EvolutionContent(MessageTypes.AUDIO, firstNonNull(Json.text(message, "speechToText"),
                    body.path("ptt").asBoolean(false) ? "[voice message]" : "[audio]"), media, replyTo);
            case "documentMessage", "documentWithCaptionMessage" -> document(message, messageId, replyTo);
            case "locationMessage", "liveLocationMessage" -> new EvolutionContent(MessageTypes.LOCATION,
                    location(body, kind.equals("liveLocationMessage")), null, replyTo);
            case "contactMessage" -> new EvolutionContent(MessageTypes.CONTACTS,
                    "[shared contact] " + firstNonNull(Json.text(body, "displayName"), "contact"), null, replyTo);
            case "contactsArrayMessage" -> new EvolutionContent(MessageTypes.CONTACTS, contacts(body), null, replyTo);
            case "reactionMessage" -> new EvolutionContent(MessageTypes.REACTION,
                    firstNonNull(Json.text(body, "text"), "[reaction removed]"), null, Json.text(body.path("key"), "id"));
            case "buttonsResponseMessage" -> new EvolutionContent(MessageTypes.BUTTON,
                    firstNonNull(Json.text(body, "selectedDisplayText"), Json.text(body, "selectedButtonId"), "[button reply]"), null, replyTo);
            case "templateButtonReplyMessage" -> new EvolutionContent(MessageTypes.BUTTON,
                    firstNonNull(Json.text(body, "selectedDisplayText"), Json.text(body, "selectedId"), "[button reply]"), null, replyTo);
            case "listResponseMessage" -> new EvolutionContent(MessageTypes.INTERACTIVE, firstNonNull(Json.text(body, "title"),
                    Json.text(body.path("singleSelectReply"), "selectedRowId"), "[list reply]"), null, replyTo);
            case "pollCreationMessage", "pollCreationMessageV3" -> new EvolutionContent("poll",
                    "[poll] " + firstNonNull(Json.text(body, "name"), ""), null, replyTo);
            default -> new EvolutionContent(MessageTypes.UNKNOWN,
                    kind.isEmpty() ? "[unsupported message]" : "[unsupported " + kind + "]", null, replyTo);
        };
    }

    private static EvolutionContent document(JsonNode message, String messageId, String replyTo) {
        // Evolution unwraps documentWithCaptionMessage; older servers send it wrapped.
        JsonNode body = message.path("documentMessage");
        if (body.isMissingNode()) body = message.path("documentWithCaptionMessage").path("message").path("documentMessage");
        String filename = firstNonNull(Json.text(body, "fileName"), Json.text(body, "title"));
        String description = filename == null ? "[document]" : "[document " + filename + "]";
        return new EvolutionContent(MessageTypes.DOCUMENT, captionOr(body, description), mediaRef(message, body, messageId), replyTo);
    }

    private static MediaRef mediaRef(JsonNode message, JsonNode body, String messageId) {
        if (!body.isObject() || !body.has("mimetype")) return null;
        return new MediaRef(messageId, Json.text(message, "mediaUrl"), Json.text(body, "mimetype"),
                firstNonNull(Json.text(body, "fileName"), Json.text(body, "title")), null, null);
    }

    private static String captionOr(JsonNode body, String description) {
        return firstNonNull(Json.text(body, "caption"), description);
    }

    private static String location(JsonNode body, boolean live) {
        String name = Json.text(body, "name");
        String address = Json.text(body, "address");
        String place;
        if (name != null || address != null) {
            place = name == null ? address : address == null ? name : name + ", " + address;
        } else {
            String latitude = Json.text(body, "degreesLatitude");
            String longitude = Json.text(body, "degreesLongitude");
            place = latitude == null || longitude == null ? "[location]" : latitude + "," + longitude;
        }
        return live ? "[live location] " + place : place;
    }

    private static String contacts(JsonNode body) {
        List<String> names = new ArrayList<>();
        for (JsonNode contact : array(body, "contacts")) {
            String name = Json.text(contact, "displayName");
            if (name != null) names.add(name);
        }
        return names.isEmpty() ? "[shared contacts]" : "[shared contacts] " + String.join("; ", names);
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) return value;
        }
        return null;
    }
}
