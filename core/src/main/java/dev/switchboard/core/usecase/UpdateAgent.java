package dev.switchboard.core.usecase;

import dev.switchboard.core.model.ModelApi;
import dev.switchboard.core.support.InvalidInputException;
import java.util.Collection;
import java.util.Set;

/**
 * Changes the fields given and keeps the others. {@code Set(null)} clears a field that may be
 * empty (the linked account, the prompt, the extraction interval); for the others (debounce,
 * tools, pausing, API, mark-read) it keeps the current value, and {@code name} may not be cleared.
 * Relinking the agent to another account archives that account's open conversations.
 *
 * <pre>{@code
 * UpdateAgent.builder().debounceMs(0L).accountId(null).build()   // unlink, no debounce
 * }</pre>
 */
public record UpdateAgent(Patch<String> name, Patch<String> accountId, Patch<String> promptId, Patch<String> promptVersion,
        Patch<String> instructions, Patch<String> model, Patch<String> greeting, Patch<String> fallbackReply,
        Patch<Long> debounceMs, Patch<Set<String>> tools, Patch<Boolean> pauseOnHumanReply, Patch<Long> extractionIntervalMs,
        Patch<ModelApi> api, Patch<Boolean> markRead) {

    public UpdateAgent {
        if (name.given() && Checks.optional(name.or(null)) == null) throw new InvalidInputException("name", "must not be blank");
        name = name.map(v -> Checks.maxLength("name", Checks.optional(v), Limits.NAME));
        accountId = accountId.map(v -> Checks.maxLength("accountId", Checks.optional(v), Limits.ID));
        promptId = promptId.map(v -> Checks.maxLength("promptId", Checks.optional(v), Limits.ID));
        promptVersion = promptVersion.map(v -> Checks.maxLength("promptVersion", Checks.optional(v), Limits.ID));
        instructions = instructions.map(v -> Checks.maxLength("instructions", Checks.optional(v), Limits.LONG_TEXT));
        model = model.map(v -> Checks.maxLength("model", Checks.optional(v), Limits.NAME));
        greeting = greeting.map(v -> Checks.maxLength("greeting", Checks.optional(v), Limits.SHORT_TEXT));
        fallbackReply = fallbackReply.map(v -> Checks.maxLength("fallbackReply", Checks.optional(v), Limits.SHORT_TEXT));
        AgentRules.debounce(debounceMs.or(null));
        tools = tools.map(AgentRules::tools);
        AgentRules.extraction(extractionIntervalMs.or(null));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every setter marks its field as given. */
    public static final class Builder {
        private Patch<String> name = Patch.keep(), accountId = Patch.keep(), promptId = Patch.keep(), promptVersion = Patch.keep(),
                instructions = Patch.keep(), model = Patch.keep(), greeting = Patch.keep(), fallbackReply = Patch.keep();
        private Patch<Long> debounceMs = Patch.keep(), extractionIntervalMs = Patch.keep();
        private Patch<Set<String>> tools = Patch.keep();
        private Patch<Boolean> pauseOnHumanReply = Patch.keep(), markRead = Patch.keep();
        private Patch<ModelApi> api = Patch.keep();

        private Builder() {}

        public Builder name(String v) { name = Patch.set(v); return this; }
        public Builder accountId(String v) { accountId = Patch.set(v); return this; }
        public Builder promptId(String v) { promptId = Patch.set(v); return this; }
        public Builder promptVersion(String v) { promptVersion = Patch.set(v); return this; }
        public Builder instructions(String v) { instructions = Patch.set(v); return this; }
        public Builder model(String v) { model = Patch.set(v); return this; }
        public Builder greeting(String v) { greeting = Patch.set(v); return this; }
        public Builder fallbackReply(String v) { fallbackReply = Patch.set(v); return this; }
        public Builder debounceMs(Long v) { debounceMs = Patch.set(v); return this; }
        public Builder tools(Collection<String> v) { tools = Patch.set(v == null ? null : Set.copyOf(v)); return this; }
        public Builder pauseOnHumanReply(Boolean v) { pauseOnHumanReply = Patch.set(v); return this; }
        public Builder extractionIntervalMs(Long v) { extractionIntervalMs = Patch.set(v); return this; }
        public Builder api(ModelApi v) { api = Patch.set(v); return this; }
        public Builder markRead(Boolean v) { markRead = Patch.set(v); return this; }

        public UpdateAgent build() {
            return new UpdateAgent(name, accountId, promptId, promptVersion, instructions, model, greeting, fallbackReply, debounceMs,
                    tools, pauseOnHumanReply, extractionIntervalMs, api, markRead);
        }
    }
}
