package dev.switchboard.core.usecase;

import dev.switchboard.core.domain.DeliveryStatus;
import dev.switchboard.core.domain.MediaRef;
import dev.switchboard.core.domain.Sender;
import dev.switchboard.core.store.NewOutbound;
import dev.switchboard.core.support.InvalidInputException;
import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * An operator writes to the customer: exactly one of text, media by link, or a template (what a
 * channel with a service window lets a business send once it has closed).
 */
public record SendOperatorMessage(String text, Media media, Template template) {
    static final Set<String> MEDIA_TYPES = Set.of("image", "document", "video", "audio");

    public SendOperatorMessage {
        text = Checks.optional(text);
        int given = (text != null ? 1 : 0) + (media != null ? 1 : 0) + (template != null ? 1 : 0);
        if (given != 1) throw new InvalidInputException("text", "give exactly one of text, media or template");
        Checks.maxLength("text", text, 10_000);
    }

    /** Media by a link the provider fetches: {@code type} is image, document, video or audio. */
    public record Media(String type, String link, String caption, String filename) {
        public Media {
            type = Checks.required("media.type", type);
            if (!MEDIA_TYPES.contains(type)) throw new InvalidInputException("media.type", "must be image, document, video or audio");
            link = Checks.maxLength("media.link", Checks.required("media.link", link), Limits.URL);
            if (!isHttpUrl(link)) throw new InvalidInputException("media.link", "must be an http or https URL the provider can fetch");
            caption = Checks.maxLength("media.caption", Checks.optional(caption), 1024);
            filename = Checks.maxLength("media.filename", Checks.optional(filename), Limits.NAME);
        }
    }

    /** A pre-approved template by name and language, with its body parameters in order. */
    public record Template(String name, String language, List<String> bodyParameters) {
        public Template {
            name = Checks.required("template.name", name);
            if (!name.matches("[a-z0-9_]{1,512}")) {
                throw new InvalidInputException("template.name", "must be a template name: lower case letters, digits and _");
            }
            language = Checks.required("template.language", language);
            if (!language.matches("[a-z]{2,3}(_[A-Za-z]{2,4})?")) {
                throw new InvalidInputException("template.language", "must be a language code such as en_US or pt_BR");
            }
            bodyParameters = bodyParameters == null ? List.of() : bodyParameters;
            if (bodyParameters.size() > Limits.LIST_ITEMS) {
                throw new InvalidInputException("template.bodyParameters", "must hold at most " + Limits.LIST_ITEMS + " values");
            }
            for (String p : bodyParameters) {
                if (p == null || p.isBlank()) throw new InvalidInputException("template.bodyParameters", "must not hold blank values");
                Checks.maxLength("template.bodyParameters", p, Limits.SHORT_TEXT);
            }
            bodyParameters = List.copyOf(bodyParameters);
        }
    }

    public static SendOperatorMessage text(String text) {
        return new SendOperatorMessage(text, null, null);
    }

    public static SendOperatorMessage media(Media media) {
        return new SendOperatorMessage(null, media, null);
    }

    public static SendOperatorMessage template(Template template) {
        return new SendOperatorMessage(null, null, template);
    }

    /** The message as stored: pending, from a human. */
    NewOutbound toOutbound() {
        if (text != null) return human("text", text, null, null);
        if (media != null) return human(media.type(), media.caption(), MediaRef.ofLink(media.link(), media.filename()), null);
        return human(TemplateCodec.TYPE, template.name(), null, TemplateCodec.encode(template.language(), template.bodyParameters()));
    }

    private static NewOutbound human(String type, String text, MediaRef media, String raw) {
        return new NewOutbound(Sender.HUMAN, type, text, media, null, null, DeliveryStatus.PENDING, raw, null);
    }

    private static boolean isHttpUrl(String s) {
        try {
            URI u = URI.create(s);
            return ("https".equals(u.getScheme()) || "http".equals(u.getScheme())) && u.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
