package dev.switchboard.core.store;

import dev.switchboard.core.domain.MediaRef;
import dev.switchboard.core.support.StoredText;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * An inbound message to accept: who wrote (the contact key), to which account and agent, and what.
 * {@code contactTtl} extends the contact session's expiry from {@code receivedAt}.
 *
 * @param contactAttributes free-form facts the channel knows about the contact (username, locale…);
 *                          merged into the contact's {@link dev.switchboard.core.domain.ContactSession#metadata()},
 *                          a new value replacing the old one for the same key; never null
 */
public record NewInbound(
        String tenantId,
        String agentId,
        String channelAccountId,
        String channel,
        String channelUserId,
        String displayName,
        String phoneE164,
        String externalId,
        String type,
        String text,
        MediaRef media,
        String replyToExternalId,
        String raw,
        Instant receivedAt,
        Duration contactTtl,
        Map<String, String> contactAttributes) {

    /** Every text is made storable ({@link StoredText}: U+0000 and lone surrogates become U+FFFD). */
    public NewInbound {
        contactAttributes = contactAttributes == null ? Map.of() : Map.copyOf(StoredText.clean(contactAttributes));
        channelUserId = StoredText.clean(channelUserId);
        displayName = StoredText.clean(displayName);
        externalId = StoredText.clean(externalId);
        type = StoredText.clean(type);
        text = StoredText.clean(text);
        replyToExternalId = StoredText.clean(replyToExternalId);
        raw = StoredText.clean(raw);
        if (media != null) {
            media = new MediaRef(StoredText.clean(media.id()), StoredText.clean(media.url()), StoredText.clean(media.mimeType()),
                    StoredText.clean(media.filename()), media.sha256(), media.storedPath());
        }
    }

    /** An inbound message that carries no contact attributes. */
    public NewInbound(String tenantId, String agentId, String channelAccountId, String channel, String channelUserId,
                      String displayName, String phoneE164, String externalId, String type, String text, MediaRef media,
                      String replyToExternalId, String raw, Instant receivedAt, Duration contactTtl) {
        this(tenantId, agentId, channelAccountId, channel, channelUserId, displayName, phoneE164, externalId, type, text,
                media, replyToExternalId, raw, receivedAt, contactTtl, Map.of());
    }
}
