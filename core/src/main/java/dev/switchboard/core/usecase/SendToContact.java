package dev.switchboard.core.usecase;

import dev.switchboard.core.support.InvalidInputException;
import java.util.Set;

/**
 * Seed 002's {@code POST /send}: a message to a contact rather than to a conversation.
 *
 * @param contactId      the contact (seed 002 calls it {@code lead_id})
 * @param messageType    text, image, document, audio or video
 * @param text           the text, or the media's caption
 * @param mediaUrl       the media's link (required for every type but text)
 * @param channelAccountId the account to send from; may be null when the contact talks on one account
 */
public record SendToContact(String contactId, String messageType, String text, String mediaUrl, String channelAccountId) {
    static final Set<String> TYPES = Set.of("text", "image", "document", "audio", "video");

    public SendToContact {
        contactId = Checks.id("contact_id", Checks.required("contact_id", contactId));
        messageType = Checks.required("message_type", messageType);
        if (!TYPES.contains(messageType)) {
            throw new InvalidInputException("message_type", "must be text, image, document, audio or video");
        }
        text = Checks.optional(text);
        mediaUrl = Checks.maxLength("media_url", Checks.optional(mediaUrl), Limits.URL);
        channelAccountId = channelAccountId == null ? null : Checks.id("phone_number_id", channelAccountId);
        if ("text".equals(messageType) && text == null) throw new InvalidInputException("text_content", "a text message needs text_content");
        if (!"text".equals(messageType) && mediaUrl == null) {
            throw new InvalidInputException("media_url", "a " + messageType + " message needs media_url");
        }
    }

    /** The operator message this is, validated as any operator message. */
    SendOperatorMessage toOperatorMessage() {
        if ("text".equals(messageType)) return SendOperatorMessage.text(text);
        return SendOperatorMessage.media(new SendOperatorMessage.Media(messageType, mediaUrl, text, null));
    }
}
