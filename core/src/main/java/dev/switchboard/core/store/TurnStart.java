package dev.switchboard.core.store;

import dev.switchboard.core.domain.Conversation;
import dev.switchboard.core.domain.Message;
import java.util.List;

/**
 * What a turn starts from ({@link ConversationStore#turnStart}), read together.
 *
 * @param conversation    the conversation
 * @param unanswered      its inbound messages after the answered watermark, oldest first ({@link TurnStore#unanswered})
 * @param pendingOutbound its outbound messages still pending, oldest first ({@link OutboxStore#pendingOutbound})
 */
public record TurnStart(Conversation conversation, List<Message> unanswered, List<Message> pendingOutbound) {
    public TurnStart {
        unanswered = List.copyOf(unanswered);
        pendingOutbound = List.copyOf(pendingOutbound);
    }
}
