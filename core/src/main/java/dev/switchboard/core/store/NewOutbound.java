package dev.switchboard.core.store;

import dev.switchboard.core.domain.DeliveryStatus;
import dev.switchboard.core.domain.MediaRef;
import dev.switchboard.core.domain.Sender;
import dev.switchboard.core.domain.Usage;

/**
 * An outbound message to append. {@code externalId} is known for echoes of messages the business
 * sent elsewhere; null for our own sends until the channel accepts them.
 */
public record NewOutbound(
        Sender sender,
        String type,
        String text,
        MediaRef media,
        String externalId,
        String replyToExternalId,
        DeliveryStatus status,
        String raw,
        Usage usage) {

    /** The texts made storable ({@link dev.switchboard.core.support.StoredText}): an echo carries the customer's characters. */
    public NewOutbound {
        text = dev.switchboard.core.support.StoredText.clean(text);
        raw = dev.switchboard.core.support.StoredText.clean(raw);
    }

    public static NewOutbound agentText(String text, Usage usage, String replyTo) {
        return new NewOutbound(Sender.AGENT, "text", text, null, null, replyTo, DeliveryStatus.PENDING, null, usage);
    }
}
