package dev.switchboard.core.model;

/**
 * The AI behind an agent.
 *
 * <p>Contract: {@link #reply} answers the whole burst in one call. It returns the AI-side
 * conversation id to keep (creating one on the first turn if the provider has them). It throws
 * {@link ModelException} when no reply can be had within the adapter's own timeout and retry
 * budget; the engine then sends the agent's fallback reply. Implementations are thread-safe.
 */
public interface AgentModel {

    ModelReply reply(TurnRequest turn);

    /** Whether {@link TurnRequest#history()} must be filled (models that keep no conversation state). */
    default boolean needsHistory() {
        return false;
    }
}
