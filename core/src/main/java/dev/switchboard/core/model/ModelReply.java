package dev.switchboard.core.model;

import dev.switchboard.core.domain.Usage;
import java.util.List;

/**
 * The model's answer to one turn.
 *
 * @param text                the reply to send; may be empty when the model only called a tool
 * @param modelConversationId the AI side's conversation id to keep for the next turn (may be unchanged)
 */
public record ModelReply(String text, Usage usage, String modelConversationId, List<ModelAction> actions, String requestId) {
    public ModelReply {
        usage = usage == null ? Usage.NONE : usage;
        actions = actions == null ? List.of() : List.copyOf(actions);
    }

    public static ModelReply text(String text) {
        return new ModelReply(text, Usage.NONE, null, List.of(), null);
    }
}
