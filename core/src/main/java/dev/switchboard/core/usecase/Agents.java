package dev.switchboard.core.usecase;

import dev.switchboard.core.domain.Agent;
import dev.switchboard.core.model.ModelApi;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.support.ConflictException;
import dev.switchboard.core.support.Ids;
import dev.switchboard.core.support.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A tenant's agents: the bot configuration answering on a channel account (at most one agent per
 * account). Linking an agent to an account archives that account's open conversations, so the new
 * agent starts fresh ones. Built by the engine.
 */
public final class Agents {
    private final Stores stores;
    private final Clock clock;
    private final Ids ids;
    private final Runnable changed;
    private final Tenants tenants;
    private final ChannelAccounts accounts;

    public Agents(Stores stores, Clock clock, Ids ids, Runnable changed, Tenants tenants, ChannelAccounts accounts) {
        this.stores = stores;
        this.clock = clock;
        this.ids = ids;
        this.changed = changed;
        this.tenants = tenants;
        this.accounts = accounts;
    }

    /**
     * @throws NotFoundException when the account is not the tenant's
     * @throws ConflictException when the account already has an agent
     */
    public Agent create(String tenantId, CreateAgent c) {
        tenants.get(tenantId);
        if (c.accountId() != null) accounts.get(tenantId, c.accountId());
        Instant now = clock.instant();
        Map<String, String> settings = new HashMap<>();
        if (c.api() != null) settings.put(ModelApi.SETTING, c.api().key());
        if (c.markRead() != null) settings.put(AgentRules.MARK_READ, c.markRead().toString());
        Agent agent = new Agent(ids.next("agt"), tenantId, c.accountId(), c.name(), c.promptId(), c.promptVersion(), c.instructions(),
                c.model(), c.greeting(), c.fallbackReply(), c.debounceMs() != null ? c.debounceMs() : Agent.DEFAULT_DEBOUNCE_MS,
                c.tools(), c.pauseOnHumanReply() != null ? c.pauseOnHumanReply() : true, c.extractionIntervalMs(), settings, now, now);
        if (agent.channelAccountId() != null) checkAccountFree(agent);
        Agent created = stores.agents().create(agent);
        changed.run();
        if (created.channelAccountId() != null) stores.conversations().archiveOpen(created.channelAccountId(), null, created.id());
        return created;
    }

    /** @throws NotFoundException when the tenant has no such agent */
    public Agent get(String tenantId, String agentId) {
        return stores.agents().find(agentId).filter(a -> a.tenantId().equals(tenantId))
                .orElseThrow(() -> new NotFoundException("agent", agentId));
    }

    public List<Agent> list(String tenantId) {
        tenants.get(tenantId);
        return stores.agents().list(tenantId);
    }

    /** Applies the fields the command gives; relinking to another account archives the open conversations of both. */
    public Agent update(String tenantId, String agentId, UpdateAgent u) {
        Agent current = get(tenantId, agentId);
        String account = u.accountId().or(current.channelAccountId());
        if (u.accountId().given() && account != null) accounts.get(tenantId, account);
        Map<String, String> settings = new HashMap<>(current.settings());
        if (u.api().or(null) != null) settings.put(ModelApi.SETTING, u.api().or(null).key());
        if (u.markRead().or(null) != null) settings.put(AgentRules.MARK_READ, u.markRead().or(null).toString());
        Agent updated = new Agent(current.id(), tenantId, account, u.name().or(current.name()), u.promptId().or(current.promptId()),
                u.promptVersion().or(current.promptVersion()), u.instructions().or(current.instructions()), u.model().or(current.model()),
                u.greeting().or(current.greeting()), u.fallbackReply().or(current.fallbackReply()),
                u.debounceMs().orIfNull(current.debounceMs()), u.tools().orIfNull(current.tools()),
                u.pauseOnHumanReply().orIfNull(current.pauseOnHumanReply()), u.extractionIntervalMs().or(current.extractionIntervalMs()),
                settings, current.createdAt(), clock.instant());
        AgentRules.promptOrInstructions(updated.promptId(), updated.instructions());
        boolean relinked = !Objects.equals(current.channelAccountId(), updated.channelAccountId());
        if (relinked && updated.channelAccountId() != null) checkAccountFree(updated);
        Agent saved = stores.agents().update(updated);
        changed.run();
        if (relinked) {
            if (current.channelAccountId() != null) stores.conversations().archiveOpen(current.channelAccountId(), current.id(), null);
            if (saved.channelAccountId() != null) stores.conversations().archiveOpen(saved.channelAccountId(), null, saved.id());
        }
        return saved;
    }

    public void delete(String tenantId, String agentId) {
        Agent a = get(tenantId, agentId);
        if (a.channelAccountId() != null) stores.conversations().archiveOpen(a.channelAccountId(), a.id(), null);
        stores.agents().delete(agentId);
        changed.run();
    }

    private void checkAccountFree(Agent agent) {
        stores.agents().findByChannelAccount(agent.channelAccountId())
                .filter(other -> !other.id().equals(agent.id()))
                .ifPresent(other -> {
                    throw new ConflictException("phone number " + agent.channelAccountId() + " already has an agent (" + other.id() + ")");
                });
    }
}
