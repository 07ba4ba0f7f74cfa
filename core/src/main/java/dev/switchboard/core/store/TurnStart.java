package dev.switchboard.core.store;

import dev.switchboard.core.domain.ContactSession;
import dev.switchboard.core.domain.Conversation;
import dev.switchboard.core.domain.Message;
import java.util.List;

/**
 * What a turn starts from ({@link ConversationStore#turnStart}), read together.
 *
 * @param conversation    the conversation
 * @param unanswered      its inbound messages after the answered watermark, oldest first ({@link TurnStore#unanswered})
 * @param pendingOutbound its outbound messages still pending, oldest first ({@link OutboxStore#pendingOutbound})
 * @param contact         the conversation's contact when the store read it in the same query; null when it did not
 *                        (the engine then reads it from the {@link ContactStore})
 * @param creditBalance   the tenant's credit balance when the store read it in the same query; null when it did not
 *                        (the engine then asks the {@link CreditStore}); only a pre-check, the deduction decides
 */
public record TurnStart(Conversation conversation, List<Message> unanswered, List<Message> pendingOutbound,
                        ContactSession contact, Long creditBalance) {
    public TurnStart {
        unanswered = List.copyOf(unanswered);
        pendingOutbound = List.copyOf(pendingOutbound);
    }

    /** A start without the contact and the balance: the engine reads those itself. */
    public TurnStart(Conversation conversation, List<Message> unanswered, List<Message> pendingOutbound) {
        this(conversation, unanswered, pendingOutbound, null, null);
    }
}
