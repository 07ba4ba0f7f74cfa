package dev.switchboard.adapters.telegram;

import dev.switchboard.core.channel.InboundEvent;
import java.util.List;

/**
 * One webhook delivery read: the events core ingests today, plus what the core redesign's hooks
 * will take (the edit of a stored message, the contact's attributes).
 *
 * @param updateId the Bot API's {@code update_id}
 * @param events   the customer message as {@link InboundEvent.MessageReceived}, or an
 *                 {@link InboundEvent.Ignored} with the reason; empty for anything outside a
 *                 private chat (groups, supergroups, channels)
 * @param edit     the edit, for an {@code edited_message} in a private chat; else null
 * @param contact  the sender of a private-chat message or edit; else null
 */
public record TelegramUpdate(long updateId, List<InboundEvent> events, TelegramEdit edit, TelegramContact contact) {
    public TelegramUpdate {
        events = List.copyOf(events);
    }
}
