package dev.switchboard.adapters.whatsapp.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.channel.OutboundContent;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.support.InvalidInputException;
import dev.switchboard.core.support.Phones;
import java.util.Optional;
import java.util.Set;

/**
 * Send bodies for Evolution API v2, which takes flat bodies ({@code {number, text}}); v1's nested
 * {@code textMessage}/{@code mediaMessage} shapes are refused by v2 with a 400.
 */
public final class EvolutionRequests {
    private static final Set<String> MEDIA_KINDS = Set.of("image", "video", "document", "audio");

    private EvolutionRequests() {}

    /**
     * @param endpoint the route under {@code /message/}, e.g. {@code sendText}
     */
    public record Request(String endpoint, ObjectNode body) {}

    /**
     * What Evolution's {@code number} field gets for a recipient: a JID as is (a contact known only
     * by its {@code @lid} privacy id is addressed that way), otherwise the international number's
     * digits.
     *
     * @return null when the recipient is neither
     */
    public static String number(String recipient) {
        if (recipient == null || recipient.isBlank()) return null;
        String value = recipient.strip();
        if (value.indexOf('@') > 0) return value;
        String e164 = Phones.e164OrNull(value);
        return e164 == null ? null : e164.substring(1);
    }

    /**
     * The request that carries the message, or empty for content Evolution's documented routes do not
     * carry (reactions, buttons, templates).
     *
     * @throws InvalidInputException when the content is of a carried kind but incomplete
     */
    public static Optional<Request> forMessage(String number, OutboundMessage message) {
        if (message.content() == null) throw invalid("the message has no content");
        return switch (message.content()) {
            case OutboundContent.Text text -> Optional.of(text(number, text.body(), message.replyToExternalId()));
            case OutboundContent.Media media -> Optional.of(media(number, media, message.replyToExternalId()));
            case OutboundContent.Reaction r -> Optional.empty();
            case OutboundContent.Buttons b -> Optional.empty();
            case OutboundContent.Template t -> Optional.empty();
        };
    }

    private static Request text(String number, String body, String replyTo) {
        if (body == null || body.isBlank()) throw invalid("a text message needs a non-empty body");
        ObjectNode request = Json.MAPPER.createObjectNode().put("number", number).put("text", body);
        quote(request, replyTo);
        return new Request("sendText", request);
    }

    /** Voice notes go through sendWhatsAppAudio, which WhatsApp shows as recorded audio; the rest through sendMedia. */
    private static Request media(String number, OutboundContent.Media media, String replyTo) {
        String kind = media.kind();
        if (kind == null || !MEDIA_KINDS.contains(kind)) {
            throw invalid("media kind must be one of " + MEDIA_KINDS + ", got '" + kind + "'");
        }
        if (media.link() == null || media.link().isBlank()) throw invalid(kind + " needs a link");
        boolean hasCaption = media.caption() != null && !media.caption().isBlank();
        ObjectNode request = Json.MAPPER.createObjectNode().put("number", number);
        if (kind.equals("audio")) {
            if (hasCaption) throw invalid("WhatsApp audio messages carry no caption");
            request.put("audio", media.link());
            quote(request, replyTo);
            return new Request("sendWhatsAppAudio", request);
        }
        request.put("mediatype", kind).put("media", media.link());
        if (hasCaption) request.put("caption", media.caption());
        if (media.filename() != null && !media.filename().isBlank()) request.put("fileName", media.filename());
        quote(request, replyTo);
        return new Request("sendMedia", request);
    }

    /** Evolution looks the quoted message up by its id in its own store; the id alone is enough. */
    private static void quote(ObjectNode request, String replyTo) {
        if (replyTo != null && !replyTo.isBlank()) request.putObject("quoted").putObject("key").put("id", replyTo);
    }

    private static InvalidInputException invalid(String message) {
        return new InvalidInputException("content", message);
    }
}
