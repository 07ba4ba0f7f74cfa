package dev.switchboard.core.model;

/**
 * The model used when no AI provider is configured: it says plainly that it is offline, so the
 * whole flow (webhook → reply) can be tried with no account.
 */
public final class OfflineModel implements AgentModel {
    public static final String REPLY =
            "The AI assistant is offline: this Switchboard server has no model configured (set OPENAI_API_KEY or OPENAI_BASE_URL).";

    @Override
    public ModelReply reply(TurnRequest turn) {
        return ModelReply.text(REPLY);
    }
}
