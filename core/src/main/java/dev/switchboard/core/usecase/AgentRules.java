package dev.switchboard.core.usecase;

import dev.switchboard.core.domain.Agent;
import dev.switchboard.core.support.InvalidInputException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/** The rules an agent's fields follow, shared by {@link CreateAgent} and {@link UpdateAgent}. */
final class AgentRules {
    static final long MAX_DEBOUNCE_MS = 600_000;
    static final long MIN_EXTRACTION_MS = 1000;
    static final long MAX_EXTRACTION_MS = 7L * 24 * 3600 * 1000;
    /** The agent setting that asks the channel to mark inbound messages read. */
    static final String MARK_READ = "mark_read";

    private AgentRules() {}

    static Long debounce(Long ms) {
        return Checks.range("debounceMs", ms, 0, MAX_DEBOUNCE_MS);
    }

    static Long extraction(Long ms) {
        return Checks.range("extractionIntervalMs", ms, MIN_EXTRACTION_MS, MAX_EXTRACTION_MS);
    }

    static Set<String> tools(Collection<String> tools) {
        if (tools == null) return null;
        for (String t : tools) {
            if (t == null || !Agent.DEFAULT_TOOLS.contains(t)) {
                throw new InvalidInputException("tools", "unknown tool " + t + " (known: " + Agent.DEFAULT_TOOLS + ")");
            }
        }
        return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(tools));
    }

    static void promptOrInstructions(String promptId, String instructions) {
        if (promptId == null && instructions == null) {
            throw new InvalidInputException("promptId", "either a prompt id or instructions is required");
        }
    }
}
