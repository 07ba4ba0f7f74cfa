package dev.switchboard.core.memory;

import dev.switchboard.core.domain.Agent;
import dev.switchboard.core.store.AgentStore;
import dev.switchboard.core.support.ConflictException;
import dev.switchboard.core.support.NotFoundException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link AgentStore} in memory: at most one agent per channel account. */
final class InMemoryAgentStore implements AgentStore {
    private final Guard guard;
    private final Map<String, Agent> agents = new LinkedHashMap<>();

    InMemoryAgentStore(Guard guard) {
        this.guard = guard;
    }

    public Agent create(Agent agent) {
        return guard.locked(() -> {
            if (agents.containsKey(agent.id())) throw new ConflictException("agent exists: " + agent.id());
            checkAccountFree(agent);
            agents.put(agent.id(), agent);
            return agent;
        });
    }

    private void checkAccountFree(Agent agent) {
        if (agent.channelAccountId() == null) return;
        boolean taken = agents.values().stream()
                .anyMatch(a -> agent.channelAccountId().equals(a.channelAccountId()) && !a.id().equals(agent.id()));
        if (taken) throw new ConflictException("phone number " + agent.channelAccountId() + " already has an agent");
    }

    public Optional<Agent> find(String agentId) {
        return guard.locked(() -> Optional.ofNullable(agents.get(agentId)));
    }

    public Optional<Agent> findByChannelAccount(String channelAccountId) {
        return guard.locked(() -> agents.values().stream().filter(a -> channelAccountId.equals(a.channelAccountId())).findFirst());
    }

    public List<Agent> list(String tenantId) {
        return guard.locked(() -> agents.values().stream().filter(a -> a.tenantId().equals(tenantId)).toList());
    }

    public Agent update(Agent agent) {
        return guard.locked(() -> {
            if (!agents.containsKey(agent.id())) throw new NotFoundException("agent", agent.id());
            checkAccountFree(agent);
            agents.put(agent.id(), agent);
            return agent;
        });
    }

    public boolean delete(String agentId) {
        return guard.locked(() -> agents.remove(agentId) != null);
    }
}
