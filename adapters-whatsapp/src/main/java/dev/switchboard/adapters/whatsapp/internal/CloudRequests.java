package dev.switchboard.adapters.whatsapp.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.channel.OutboundContent;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.support.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Request bodies for {@code POST /{phone-number-id}/messages}, shaped as Meta's sendMessage schema. */
public final class CloudRequests {
    /** Meta's limit on a text body; longer replies go out as several messages. */
    public static final int MAX_TEXT = 4096;
    private static final int MAX_BUTTONS = 3;
    private static final int MAX_BUTTON_TITLE = 20;
    private static final int MAX_BUTTON_ID = 256;
    private static final int MAX_INTERACTIVE_BODY = 1024;
    private static final Set<String> MEDIA_KINDS = Set.of("image", "video", "document", "audio");

    private CloudRequests() {}

    /**
     * The bodies that carry {@code message}, in sending order: one, or several for a long text.
     *
     * @param to E.164 with the leading {@code +}
     * @throws InvalidInputException when WhatsApp cannot carry the content as given
     */
    public static List<ObjectNode> forMessage(String to, OutboundMessage message) {
        if (message.content() == null) throw invalid("the message has no content");
        String replyTo = message.replyToExternalId();
        return switch (message.content()) {
            case OutboundContent.Text text -> texts(to, text.body(), replyTo);
            case OutboundContent.Media media -> List.of(media(to, media, replyTo));
            case OutboundContent.Reaction reaction -> List.of(reaction(to, reaction));
            case OutboundContent.Buttons buttons -> List.of(buttons(to, buttons, replyTo));
            case OutboundContent.Template template -> List.of(template(to, template));
        };
    }

    public static ObjectNode markRead(String messageId) {
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.put("messaging_product", "whatsapp").put("status", "read").put("message_id", messageId);
        return request;
    }

    /** Only the first part quotes the customer's message; the rest follow it. */
    private static List<ObjectNode> texts(String to, String body, String replyTo) {
        if (body == null || body.isBlank()) throw invalid("a text message needs a non-empty body");
        List<ObjectNode> requests = new ArrayList<>();
        for (String part : TextChunks.split(body, MAX_TEXT)) {
            ObjectNode request = envelope(to, "text", requests.isEmpty() ? replyTo : null);
            request.putObject("text").put("preview_url", false).put("body", part);
            requests.add(request);
        }
        return requests;
    }

    private static ObjectNode media(String to, OutboundContent.Media media, String replyTo) {
        String kind = media.kind();
        if (kind == null || !MEDIA_KINDS.contains(kind)) {
            throw invalid("media kind must be one of " + MEDIA_KINDS + ", got '" + kind + "'");
        }
        if (media.link() == null || media.link().isBlank()) throw invalid(kind + " needs a link");
        ObjectNode request = envelope(to, kind, replyTo);
        ObjectNode object = request.putObject(kind).put("link", media.link());
        if (media.caption() != null && !media.caption().isBlank()) {
            if (kind.equals("audio")) throw invalid("WhatsApp audio messages carry no caption");
            object.put("caption", media.caption());
        }
        if (kind.equals("document") && media.filename() != null && !media.filename().isBlank()) {
            object.put("filename", media.filename());
        }
        return request;
    }

    private static ObjectNode reaction(String to, OutboundContent.Reaction reaction) {
        if (reaction.targetExternalId() == null || reaction.targetExternalId().isBlank()) {
            throw invalid("a reaction needs the id of the message it reacts to");
        }
        ObjectNode request = envelope(to, "reaction", null);
        // An empty emoji is how WhatsApp removes an earlier reaction.
        request.putObject("reaction")
                .put("message_id", reaction.targetExternalId())
                .put("emoji", reaction.emoji() == null ? "" : reaction.emoji());
        return request;
    }

    private static ObjectNode buttons(String to, OutboundContent.Buttons buttons, String replyTo) {
        if (buttons.body() == null || buttons.body().isBlank() || buttons.body().length() > MAX_INTERACTIVE_BODY) {
            throw invalid("reply buttons need a body of 1 to " + MAX_INTERACTIVE_BODY + " characters");
        }
        if (buttons.buttons().isEmpty() || buttons.buttons().size() > MAX_BUTTONS) {
            throw invalid("WhatsApp allows 1 to " + MAX_BUTTONS + " reply buttons, got " + buttons.buttons().size());
        }
        ObjectNode request = envelope(to, "interactive", replyTo);
        ObjectNode interactive = request.putObject("interactive").put("type", "button");
        interactive.putObject("body").put("text", buttons.body());
        ArrayNode list = interactive.putObject("action").putArray("buttons");
        for (OutboundContent.Button button : buttons.buttons()) {
            if (button.title() == null || button.title().isBlank() || button.title().length() > MAX_BUTTON_TITLE) {
                throw invalid("a button title must have 1 to " + MAX_BUTTON_TITLE + " characters: '" + button.title() + "'");
            }
            if (button.id() == null || button.id().isBlank() || button.id().length() > MAX_BUTTON_ID) {
                throw invalid("a button id must have 1 to " + MAX_BUTTON_ID + " characters");
            }
            list.addObject().put("type", "reply").putObject("reply").put("id", button.id()).put("title", button.title());
        }
        return request;
    }

    private static ObjectNode template(String to, OutboundContent.Template template) {
        if (template.name() == null || template.name().isBlank()) throw invalid("a template needs its name");
        if (template.languageCode() == null || template.languageCode().isBlank()) {
            throw invalid("template '" + template.name() + "' needs a language code such as en_US");
        }
        ObjectNode request = envelope(to, "template", null);
        ObjectNode object = request.putObject("template").put("name", template.name());
        object.putObject("language").put("policy", "deterministic").put("code", template.languageCode());
        if (!template.bodyParameters().isEmpty()) {
            ObjectNode body = object.putArray("components").addObject().put("type", "body");
            ArrayNode parameters = body.putArray("parameters");
            for (String value : template.bodyParameters()) {
                if (value == null) throw invalid("template '" + template.name() + "' has a null body parameter");
                parameters.addObject().put("type", "text").put("text", value);
            }
        }
        return request;
    }

    private static ObjectNode envelope(String to, String type, String replyTo) {
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.put("messaging_product", "whatsapp").put("recipient_type", "individual").put("to", to);
        if (replyTo != null && !replyTo.isBlank()) request.putObject("context").put("message_id", replyTo);
        request.put("type", type);
        return request;
    }

    private static InvalidInputException invalid(String message) {
        return new InvalidInputException("content", message);
    }
}
