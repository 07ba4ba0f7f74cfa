package dev.switchboard.core.model;

/**
 * The model used when no AI provider is configured: it says plainly that it is offline, so the
 * whole flow (webhook → reply) can be tried with no account. A runner may add how to configure one.
 */
public final class OfflineModel implements AgentModel {
    private static final String OFFLINE = "The AI assistant is offline: this Switchboard server has no model configured";
    private final String reply;

    /** Replies that no model is configured. */
    public OfflineModel() {
        this(null);
    }

    /** @param howToConfigure appended in parentheses, such as which settings to set; null for none */
    public OfflineModel(String howToConfigure) {
        this.reply = howToConfigure == null ? OFFLINE + "." : OFFLINE + " (" + howToConfigure + ").";
    }

    /** The reply every turn gets. */
    public String reply() {
        return reply;
    }

    @Override
    public ModelReply reply(TurnRequest turn) {
        return ModelReply.text(reply);
    }
}
