package dev.switchboard.core.usecase;

import dev.switchboard.core.model.ModelApi;
import java.util.Collection;
import java.util.Set;

/**
 * Creates an agent, optionally linked to a channel account. Either {@code promptId} or
 * {@code instructions} is required. Null optional fields take the agent defaults.
 *
 * <pre>{@code
 * CreateAgent.builder("Sales").accountId("pn-1").instructions("Qualify leads.").debounceMs(0L).build()
 * }</pre>
 */
public record CreateAgent(String name, String accountId, String promptId, String promptVersion, String instructions,
        String model, String greeting, String fallbackReply, Long debounceMs, Set<String> tools, Boolean pauseOnHumanReply,
        Long extractionIntervalMs, ModelApi api, Boolean markRead) {

    public CreateAgent {
        name = Checks.maxLength("name", Checks.required("name", name), Limits.NAME);
        accountId = Checks.maxLength("accountId", Checks.optional(accountId), Limits.ID);
        promptId = Checks.maxLength("promptId", Checks.optional(promptId), Limits.ID);
        promptVersion = Checks.maxLength("promptVersion", Checks.optional(promptVersion), Limits.ID);
        instructions = Checks.maxLength("instructions", Checks.optional(instructions), Limits.LONG_TEXT);
        model = Checks.maxLength("model", Checks.optional(model), Limits.NAME);
        greeting = Checks.maxLength("greeting", Checks.optional(greeting), Limits.SHORT_TEXT);
        fallbackReply = Checks.maxLength("fallbackReply", Checks.optional(fallbackReply), Limits.SHORT_TEXT);
        AgentRules.debounce(debounceMs);
        tools = AgentRules.tools(tools);
        AgentRules.extraction(extractionIntervalMs);
        AgentRules.promptOrInstructions(promptId, instructions);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Collects the optional fields; {@link #build()} validates. */
    public static final class Builder {
        private final String name;
        private String accountId, promptId, promptVersion, instructions, model, greeting, fallbackReply;
        private Long debounceMs, extractionIntervalMs;
        private Collection<String> tools;
        private Boolean pauseOnHumanReply, markRead;
        private ModelApi api;

        private Builder(String name) {
            this.name = name;
        }

        public Builder accountId(String v) { accountId = v; return this; }
        public Builder promptId(String v) { promptId = v; return this; }
        public Builder promptVersion(String v) { promptVersion = v; return this; }
        public Builder instructions(String v) { instructions = v; return this; }
        public Builder model(String v) { model = v; return this; }
        public Builder greeting(String v) { greeting = v; return this; }
        public Builder fallbackReply(String v) { fallbackReply = v; return this; }
        public Builder debounceMs(Long v) { debounceMs = v; return this; }
        public Builder tools(Collection<String> v) { tools = v; return this; }
        public Builder pauseOnHumanReply(Boolean v) { pauseOnHumanReply = v; return this; }
        public Builder extractionIntervalMs(Long v) { extractionIntervalMs = v; return this; }
        public Builder api(ModelApi v) { api = v; return this; }
        public Builder markRead(Boolean v) { markRead = v; return this; }

        public CreateAgent build() {
            return new CreateAgent(name, accountId, promptId, promptVersion, instructions, model, greeting, fallbackReply, debounceMs,
                    tools == null ? null : Set.copyOf(tools), pauseOnHumanReply, extractionIntervalMs, api, markRead);
        }
    }
}
