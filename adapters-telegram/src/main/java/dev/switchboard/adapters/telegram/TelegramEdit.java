package dev.switchboard.adapters.telegram;

import dev.switchboard.core.domain.MediaRef;
import java.time.Instant;

/**
 * A customer edited a message we stored ({@code edited_message}). It names the original by the same
 * external id its {@code message} update was stored under, so the edit can update that row; it
 * starts no turn.
 *
 * @param editedAt {@code edit_date}, or the original's {@code date} when absent
 */
public record TelegramEdit(
        String accountId,
        String originalExternalId,
        String channelUserId,
        String type,
        String text,
        MediaRef media,
        Instant editedAt,
        String raw) {}
