package dev.switchboard.core.engine;

import dev.switchboard.core.channel.OutboundContent;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.usecase.TemplateCodec;
import java.util.Set;

/**
 * Between what is stored for an outbound message and what a channel sends: text, media by link, or
 * a template (its language and parameters kept in the message's {@code raw} column by {@link TemplateCodec}).
 */
final class OutboundContents {
    static final String TEMPLATE = TemplateCodec.TYPE;
    private static final Set<String> MEDIA_KINDS = Set.of("image", "document", "video", "audio");

    private OutboundContents() {}

    /** What a stored outbound message sends. */
    static OutboundContent of(Message m) {
        if (TEMPLATE.equals(m.type())) {
            TemplateCodec.Decoded t = TemplateCodec.decode(m.raw());
            return new OutboundContent.Template(m.text(), t.language(), t.params());
        }
        if (MEDIA_KINDS.contains(m.type()) && m.media() != null && m.media().url() != null) {
            return new OutboundContent.Media(m.type(), m.media().url(), m.text(), m.media().filename());
        }
        return new OutboundContent.Text(m.text());
    }
}
