package dev.switchboard.core.channel;

import java.util.List;

/** What we send. Channel-neutral; each channel maps it to its own shape or refuses it as permanent. */
public sealed interface OutboundContent {

    record Text(String body) implements OutboundContent {}

    /** @param kind "image", "document", "video" or "audio"; sent by public link */
    record Media(String kind, String link, String caption, String filename) implements OutboundContent {}

    record Reaction(String targetExternalId, String emoji) implements OutboundContent {}

    record Buttons(String body, List<Button> buttons) implements OutboundContent {
        public Buttons {
            buttons = List.copyOf(buttons);
        }
    }

    record Button(String id, String title) {}

    /** A pre-approved template: the only thing WhatsApp lets a business send outside the 24-hour window. */
    record Template(String name, String languageCode, List<String> bodyParameters) implements OutboundContent {
        public Template {
            bodyParameters = bodyParameters == null ? List.of() : List.copyOf(bodyParameters);
        }
    }
}
