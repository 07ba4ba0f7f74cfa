package dev.switchboard.core.model;

import java.util.Map;
import java.util.Objects;

/**
 * Chooses the model for each turn from the agent's {@code api} setting (for example
 * {@code responses} or {@code chat_completions}), falling back to a default. Lets one deployment
 * serve agents on OpenAI's Responses API and agents on an OpenAI-compatible server side by side.
 */
public final class ModelRouter implements AgentModel, LeadExtractor {
    private final Map<String, ? extends AgentModel> byApi;
    private final AgentModel fallback;

    /**
     * @param byApi    models by the value of the agent's {@code api} setting
     * @param fallback used when the agent names no api, or one not in {@code byApi}
     */
    public ModelRouter(Map<String, ? extends AgentModel> byApi, AgentModel fallback) {
        this.byApi = Map.copyOf(byApi);
        this.fallback = Objects.requireNonNull(fallback);
    }

    private AgentModel pick(dev.switchboard.core.domain.Agent agent) {
        String api = agent.setting("api");
        AgentModel m = api == null ? null : byApi.get(api);
        return m != null ? m : fallback;
    }

    @Override
    public ModelReply reply(TurnRequest turn) {
        return pick(turn.agent()).reply(turn);
    }

    @Override
    public LeadData extract(ExtractionRequest request) {
        if (pick(request.agent()) instanceof LeadExtractor e) return e.extract(request);
        throw new ModelException("the model for agent " + request.agent().id() + " cannot extract lead data", false,
                "no_extractor", null, null);
    }

    /** True if any routed model keeps no conversation state: history is then loaded for every turn. */
    @Override
    public boolean needsHistory() {
        return fallback.needsHistory() || byApi.values().stream().anyMatch(AgentModel::needsHistory);
    }
}
