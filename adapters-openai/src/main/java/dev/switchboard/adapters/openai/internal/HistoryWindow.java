package dev.switchboard.adapters.openai.internal;

import dev.switchboard.core.domain.DeliveryStatus;
import dev.switchboard.core.domain.Direction;
import dev.switchboard.core.domain.Message;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Earlier messages resent to a stateless model, newest kept first until the token budget is spent,
 * so the oldest are dropped. Tokens are estimated as characters / {@code charsPerToken}, rounded up.
 */
public final class HistoryWindow {
    private HistoryWindow() {}

    /**
     * @param burst messages of the current turn; left out here even if the caller also put them in history
     * @return chat messages, oldest first: customer messages as {@code user}, agent and team replies as {@code assistant}
     */
    public static List<ChatWire.Message> fit(List<Message> history, List<Message> burst, int budgetTokens, int charsPerToken) {
        Set<String> burstIds = burst.stream().map(Message::id).filter(id -> id != null).collect(Collectors.toSet());
        Deque<ChatWire.Message> kept = new ArrayDeque<>();
        long spent = 0;
        for (int i = history.size() - 1; i >= 0; i--) {
            Message m = history.get(i);
            if (m.id() != null && burstIds.contains(m.id())) continue;
            // The customer never saw a reply that failed to send; the model must not think it did.
            if (m.direction() == Direction.OUTBOUND && m.status() == DeliveryStatus.FAILED) continue;
            String text = m.modelText();
            if (text.isBlank()) continue;
            long cost = estimateTokens(text, charsPerToken);
            if (spent + cost > budgetTokens) break;
            spent += cost;
            kept.addFirst(new ChatWire.Message(m.direction() == Direction.INBOUND ? "user" : "assistant", text));
        }
        return List.copyOf(kept);
    }

    static long estimateTokens(String text, int charsPerToken) {
        return (text.length() + charsPerToken - 1) / charsPerToken;
    }
}
