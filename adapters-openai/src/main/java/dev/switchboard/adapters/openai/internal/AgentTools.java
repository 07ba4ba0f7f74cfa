package dev.switchboard.adapters.openai.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.domain.Agent;
import dev.switchboard.core.model.ModelAction;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The function tools an agent may offer the model, and how a call to one becomes a core
 * {@link ModelAction}. Both take one required {@code reason} string so strict mode accepts them.
 */
public final class AgentTools {
    public static final String ESCALATE = "escalate_conversation";
    public static final String RESOLVE = "resolve_conversation";

    /** A tool the agent offers: name, what it is for (the model reads this), JSON-schema parameters. */
    public record Definition(String name, String description, JsonNode parameters) {}

    private static final List<Definition> ALL = List.of(
            new Definition(ESCALATE,
                    "Hand this conversation to a human team member. Call it when the customer asks for a person, is upset, "
                            + "or needs something you cannot do. A human then continues the chat and you stop answering.",
                    reasonParameters("Why a human should take over, in one sentence.")),
            new Definition(RESOLVE,
                    "Close this conversation. Call it only when the customer's request is fully handled and they have "
                            + "nothing more to ask.",
                    reasonParameters("What was resolved, in one sentence.")));

    private AgentTools() {}

    /** The agent's tools this adapter knows, in a stable order; names it does not know are left out. */
    public static List<Definition> offeredBy(Agent agent) {
        List<Definition> offered = new ArrayList<>();
        for (Definition d : ALL) {
            if (agent.tools().contains(d.name())) offered.add(d);
        }
        return offered;
    }

    /** The action a tool call asks for; empty for a function this adapter does not offer. */
    public static Optional<ModelAction> toAction(String name, String argumentsJson) {
        if (ESCALATE.equals(name)) return Optional.of(new ModelAction.Escalate(reason(argumentsJson)));
        if (RESOLVE.equals(name)) return Optional.of(new ModelAction.Resolve(reason(argumentsJson)));
        return Optional.empty();
    }

    /** What the adapter tells the model a tool call did, so it can word its reply to the customer. */
    public static String outputFor(String name) {
        if (ESCALATE.equals(name)) return "{\"status\":\"escalated\",\"note\":\"A human team member will continue this chat.\"}";
        if (RESOLVE.equals(name)) return "{\"status\":\"resolved\",\"note\":\"The conversation is closed.\"}";
        return "{\"status\":\"unknown_function\"}";
    }

    /** The {@code reason} argument; the raw arguments when they are not the JSON object asked for. */
    private static String reason(String argumentsJson) {
        if (argumentsJson == null || argumentsJson.isBlank()) return null;
        try {
            JsonNode args = OpenAiJson.MAPPER.readTree(argumentsJson);
            JsonNode reason = args == null ? null : args.get("reason");
            if (reason != null && reason.isTextual()) return reason.asText();
        } catch (IOException notJson) {
            // fall through: a reason in the wrong shape still says something to the operator
        }
        return argumentsJson.strip();
    }

    private static JsonNode reasonParameters(String description) {
        ObjectNode schema = OpenAiJson.MAPPER.createObjectNode();
        schema.put("type", "object");
        ObjectNode reason = schema.putObject("properties").putObject("reason");
        reason.put("type", "string");
        reason.put("description", description);
        schema.putArray("required").add("reason");
        schema.put("additionalProperties", false);
        return schema;
    }
}
