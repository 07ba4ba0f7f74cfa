package dev.switchboard.core.domain;

import java.time.Instant;
import java.util.Map;

/**
 * A customer as one channel knows them. Unique per (tenant, channel, channel user id); never keyed
 * by a made-up e-mail (seed 003). {@code email} and {@code phoneE164} are null until known.
 *
 * @param metadata free-form attributes the channel knows about the contact (username, locale; browser
 *                 metadata for web chat…), merged from each inbound message's contact attributes; empty if none
 */
public record ContactSession(
        String id,
        String tenantId,
        String channel,
        String channelUserId,
        String displayName,
        String email,
        String phoneE164,
        Map<String, String> metadata,
        Instant expiresAt,
        Instant createdAt,
        Instant updatedAt) {

    public ContactSession {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** One of the contact's attributes ({@link #metadata}), or null. */
    public String attribute(String key) {
        return metadata.get(key);
    }
}
