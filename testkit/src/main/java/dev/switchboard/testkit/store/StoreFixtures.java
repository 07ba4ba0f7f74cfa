package dev.switchboard.testkit.store;

import dev.switchboard.core.domain.Agent;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.Secret;
import dev.switchboard.core.domain.Tenant;
import dev.switchboard.core.store.NewInbound;
import dev.switchboard.core.store.Stores;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/**
 * Test-data builders for store tests: a tenant with a WhatsApp account and an agent, each with
 * unique ids, so contract tests never collide with data another test left behind.
 */
public final class StoreFixtures {
    private StoreFixtures() {}

    public static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** Truncated to microseconds, the precision PostgreSQL keeps. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** A tenant, its WhatsApp account and an agent linked to it, stored. */
    public record Setup(Tenant tenant, ChannelAccount account, Agent agent) {
        public NewInbound inbound(String channelUserId, String externalId, String text) {
            return new NewInbound(tenant.id(), agent.id(), account.id(), account.channel(), channelUserId, "Maria",
                    "+" + channelUserId.replaceAll("\\D", ""), externalId, "text", text, null, null,
                    "{\"id\":\"" + externalId + "\"}", now(), Duration.ofDays(30));
        }
    }

    public static Setup setup(Stores stores) {
        Tenant tenant = stores.tenants().create(new Tenant(unique("usr"), unique("t") + "@example.com", "Loja Centro", null, now()));
        ChannelAccount account = stores.accounts().create(account(tenant.id(), unique("pn")));
        Agent agent = stores.agents().create(agent(tenant.id(), unique("agt"), account.id()));
        return new Setup(tenant, account, agent);
    }

    public static ChannelAccount account(String tenantId, String id) {
        return new ChannelAccount(id, tenantId, "whatsapp", "cloud", "+15550783881", Secret.of("EAAG-token-" + id), "Loja",
                Map.of("server_url", "http://evolution.local"), now());
    }

    public static Agent agent(String tenantId, String id, String accountId) {
        Instant now = now();
        return new Agent(id, tenantId, accountId, "Sales bot", "pmpt_68a1c0ffee", "4", null, null, "Hello!", "Sorry, later.",
                2000, null, true, null, Map.of("api", "responses"), now, now);
    }
}
