package dev.switchboard.core.memory;

import dev.switchboard.core.store.Stores;
import dev.switchboard.core.support.HealthCheck;
import dev.switchboard.core.support.Ids;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every store port in memory, for the embedded default and for tests: one store per port, sharing
 * one {@link Guard} so steps that span two stores stay atomic. Nothing survives a restart.
 */
public final class InMemoryStores {
    private final InMemoryTenantStore tenants;
    private final InMemoryChannelAccountStore accounts;
    private final InMemoryAgentStore agents;
    private final InMemoryContactStore contacts;
    private final InMemoryConversationStore conversations;
    private final InMemoryCreditStore credits;
    private final InMemoryExtractionStore extractions;
    private final InMemoryWebhookLogStore webhookLog;
    private final InMemoryApiKeyStore apiKeys;

    public InMemoryStores(Clock clock, Ids ids) {
        Objects.requireNonNull(clock);
        Objects.requireNonNull(ids);
        Guard guard = new Guard();
        credits = new InMemoryCreditStore(guard, clock, ids);
        tenants = new InMemoryTenantStore(guard, credits);
        accounts = new InMemoryChannelAccountStore(guard);
        agents = new InMemoryAgentStore(guard);
        contacts = new InMemoryContactStore(guard, clock, ids);
        conversations = new InMemoryConversationStore(guard, clock, ids, contacts);
        contacts.lastActivity(conversations::lastActivity);
        extractions = new InMemoryExtractionStore(guard);
        webhookLog = new InMemoryWebhookLogStore(guard);
        apiKeys = new InMemoryApiKeyStore(guard);
    }

    public static InMemoryStores create() {
        return new InMemoryStores(Clock.systemUTC(), Ids.timeOrdered());
    }

    public Stores stores() {
        return new Stores(tenants, accounts, agents, contacts, conversations, credits, extractions, webhookLog,
                HealthCheck.ALWAYS);
    }

    /** Tenants' API keys (kept apart from {@link Stores}: only the HTTP server reads them). */
    public dev.switchboard.core.store.ApiKeyStore apiKeys() {
        return apiKeys;
    }

    /** Archives recorded by {@link dev.switchboard.core.store.SweepStore#archiveOpen}, for inspection. */
    public List<Map<String, Object>> archives() {
        return conversations.archives();
    }
}
