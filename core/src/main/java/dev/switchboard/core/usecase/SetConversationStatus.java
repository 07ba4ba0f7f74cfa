package dev.switchboard.core.usecase;

import dev.switchboard.core.domain.ConversationStatus;
import dev.switchboard.core.support.InvalidInputException;
import java.util.Set;

/** An operator pauses the bot ({@code PAUSED}), hands the conversation back ({@code ACTIVE}) or closes it ({@code RESOLVED}). */
public record SetConversationStatus(ConversationStatus status) {
    /** The statuses an operator may set. */
    public static final Set<ConversationStatus> ALLOWED = Set.of(ConversationStatus.ACTIVE, ConversationStatus.PAUSED, ConversationStatus.RESOLVED);

    public SetConversationStatus {
        if (status == null) throw new InvalidInputException("status", "is required");
        if (!ALLOWED.contains(status)) throw new InvalidInputException("status", "must be active, paused or resolved");
    }

    public static SetConversationStatus to(ConversationStatus status) {
        return new SetConversationStatus(status);
    }
}
