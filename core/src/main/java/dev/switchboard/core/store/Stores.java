package dev.switchboard.core.store;

import dev.switchboard.core.support.HealthCheck;

/** The full set of stores an engine needs, so an adapter module can hand them over in one value. */
public record Stores(
        TenantStore tenants,
        ChannelAccountStore accounts,
        AgentStore agents,
        ContactStore contacts,
        ConversationStore conversations,
        CreditStore credits,
        ExtractionStore extractions,
        WebhookLogStore webhookLog,
        HealthCheck health) {

    /** These stores with {@code conversations} in place of theirs (a decorator, such as the engine's event recording). */
    public Stores withConversations(ConversationStore conversations) {
        return new Stores(tenants, accounts, agents, contacts, conversations, credits, extractions, webhookLog, health);
    }
}
