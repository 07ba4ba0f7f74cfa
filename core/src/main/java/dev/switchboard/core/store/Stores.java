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
        HealthCheck health) {}
