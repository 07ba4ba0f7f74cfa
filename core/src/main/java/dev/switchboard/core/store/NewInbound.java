package dev.switchboard.core.store;

import dev.switchboard.core.domain.MediaRef;
import java.time.Instant;
import java.time.Duration;

/**
 * An inbound message to accept: who wrote (the contact key), to which account and agent, and what.
 * {@code contactTtl} extends the contact session's expiry from {@code receivedAt}.
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
        Duration contactTtl) {}
