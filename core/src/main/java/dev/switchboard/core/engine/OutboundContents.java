package dev.switchboard.core.engine;

import dev.switchboard.core.channel.OutboundContent;
import dev.switchboard.core.domain.MediaRef;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.store.NewOutbound;
import dev.switchboard.core.support.Fields;
import dev.switchboard.core.support.InvalidInputException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Between what is stored for an outbound message and what a channel sends: text, media by link, or
 * a template. A template's language and parameters are kept in the message's {@code raw} column in
 * form encoding ({@code language=pt_BR&param=Ana&param=12}), which only the engine reads back.
 */
final class OutboundContents {
    static final String TEMPLATE = "template";
    private static final Set<String> MEDIA_KINDS = Set.of("image", "document", "video", "audio");

    private OutboundContents() {}

    /** What a stored outbound message sends. */
    static OutboundContent of(Message m) {
        if (TEMPLATE.equals(m.type())) {
            String language = null;
            List<String> params = new ArrayList<>();
            if (m.raw() != null) {
                for (String pair : m.raw().split("&")) {
                    int eq = pair.indexOf('=');
                    if (eq < 0) continue;
                    String key = pair.substring(0, eq), value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    if (key.equals("language")) language = value;
                    else if (key.equals("param")) params.add(value);
                }
            }
            return new OutboundContent.Template(m.text(), language, params);
        }
        if (MEDIA_KINDS.contains(m.type()) && m.media() != null && m.media().url() != null) {
            return new OutboundContent.Media(m.type(), m.media().url(), m.text(), m.media().filename());
        }
        return new OutboundContent.Text(m.text());
    }

    /**
     * An operator's message from the API: exactly one of {@code text}, {@code media}
     * ({@code type}, {@code link}, {@code caption}, {@code filename}) or {@code template}
     * ({@code name}, {@code language}, {@code body_parameters}).
     */
    static NewOutbound operator(Fields body) {
        String text = body.string("text", false);
        Fields media = body.object("media");
        Fields template = body.object("template");
        int given = (text != null ? 1 : 0) + (media != null ? 1 : 0) + (template != null ? 1 : 0);
        if (given != 1) throw new InvalidInputException("text", "give exactly one of text, media or template");
        if (text != null) {
            if (text.length() > 10_000) throw new InvalidInputException("text", "must be at most 10000 characters");
            return human("text", text, null, null);
        }
        if (media != null) {
            String kind = media.string("type", true);
            if (!MEDIA_KINDS.contains(kind)) throw new InvalidInputException("media.type", "must be image, document, video or audio");
            String link = media.string("link", true);
            if (!isHttpUrl(link)) throw new InvalidInputException("media.link", "must be an http or https URL the provider can fetch");
            String caption = media.string("caption", false);
            if (caption != null && caption.length() > 1024) throw new InvalidInputException("media.caption", "must be at most 1024 characters");
            return human(kind, caption, MediaRef.ofLink(link, media.string("filename", false)), null);
        }
        String name = template.string("name", true);
        if (!name.matches("[a-z0-9_]{1,512}")) throw new InvalidInputException("template.name", "must be a template name: lower case letters, digits and _");
        String language = template.string("language", true);
        if (!language.matches("[a-z]{2,3}(_[A-Za-z]{2,4})?")) throw new InvalidInputException("template.language", "must be a language code such as en_US or pt_BR");
        List<String> params = template.strings("body_parameters");
        StringBuilder raw = new StringBuilder("language=").append(URLEncoder.encode(language, StandardCharsets.UTF_8));
        if (params != null) {
            for (String p : params) {
                if (p.isBlank()) throw new InvalidInputException("template.body_parameters", "must not hold blank values");
                raw.append("&param=").append(URLEncoder.encode(p, StandardCharsets.UTF_8));
            }
        }
        return human(TEMPLATE, name, null, raw.toString());
    }

    private static NewOutbound human(String type, String text, MediaRef media, String raw) {
        return new NewOutbound(dev.switchboard.core.domain.Sender.HUMAN, type, text, media, null, null,
                dev.switchboard.core.domain.DeliveryStatus.PENDING, raw, null);
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
