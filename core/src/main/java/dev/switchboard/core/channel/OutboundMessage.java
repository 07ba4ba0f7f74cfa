package dev.switchboard.core.channel;

/**
 * A message to send.
 *
 * @param recipient         the customer's channel user id
 * @param replyToExternalId quote this inbound message, where the channel supports it; may be null
 */
public record OutboundMessage(String recipient, OutboundContent content, String replyToExternalId) {
    public static OutboundMessage text(String recipient, String body) {
        return new OutboundMessage(recipient, new OutboundContent.Text(body), null);
    }
}
