package dev.switchboard.core.model;

import dev.switchboard.core.domain.Agent;
import dev.switchboard.core.domain.ContactSession;
import dev.switchboard.core.domain.Conversation;
import dev.switchboard.core.domain.Message;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything a model needs for one turn.
 *
 * @param burst     the customer's unanswered messages, oldest first; the model answers all of them at once
 * @param history   earlier messages of the conversation, oldest first (for models that keep no state)
 * @param variables values for the agent's prompt variables (contact name, channel…)
 * @param deadline  wall-clock instant by which the turn gives up on the model (TURN_TIMEOUT); every attempt
 *                  and retry of the model call must end by then; null when the caller set none
 */
public record TurnRequest(
        Agent agent,
        Conversation conversation,
        ContactSession contact,
        List<Message> burst,
        List<Message> history,
        Map<String, String> variables,
        Instant deadline) {
    /** A request without a deadline: the model's own timeouts alone bound it. */
    public TurnRequest(Agent agent, Conversation conversation, ContactSession contact, List<Message> burst,
            List<Message> history, Map<String, String> variables) {
        this(agent, conversation, contact, burst, history, variables, null);
    }

    public TurnRequest {
        burst = List.copyOf(burst);
        history = history == null ? List.of() : List.copyOf(history);
        variables = variables == null ? Map.of() : Map.copyOf(variables);
    }
}
