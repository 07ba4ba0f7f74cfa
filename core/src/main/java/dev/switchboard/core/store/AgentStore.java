package dev.switchboard.core.store;

import dev.switchboard.core.domain.Agent;
import java.util.List;
import java.util.Optional;

public interface AgentStore {
    /** @throws dev.switchboard.core.support.ConflictException if the account already has an agent */
    Agent create(Agent agent);

    Optional<Agent> find(String agentId);

    Optional<Agent> findByChannelAccount(String channelAccountId);

    List<Agent> list(String tenantId);

    /**
     * Replaces the agent. @throws dev.switchboard.core.support.ConflictException if it moves to an
     * account that has another agent
     */
    Agent update(Agent agent);

    boolean delete(String agentId);
}
