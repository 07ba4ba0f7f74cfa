package dev.switchboard.testkit.store;

import static dev.switchboard.testkit.store.StoreFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.domain.WebhookLogEntry;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.store.WebhookLogQuery;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Contract for {@code WebhookLogStore#find}: scoped to one tenant (or to no tenant), filtered, newest first, paged. */
public abstract class WebhookLogStoreContract {

    protected abstract Stores stores();

    protected Stores stores;

    @BeforeEach
    void initStores() {
        stores = stores();
    }

    private WebhookLogEntry entry(String tenant, String channel, String provider, String event, boolean success, Instant at) {
        return new WebhookLogEntry(unique("wh"), tenant, channel, provider, event, success, success ? null : "ignored: why",
                "{\"event\":\"" + event + "\"}", at);
    }

    @Test
    void find_lists_one_tenants_entries_newest_first_with_the_provider_kept() {
        String tenant = StoreFixtures.setup(stores).tenant().id();
        String other = StoreFixtures.setup(stores).tenant().id();
        Instant t0 = Instant.parse("2026-03-01T10:00:00Z");
        stores.webhookLog().recordAll(java.util.List.of(
                entry(tenant, "whatsapp", "cloud", "message", true, t0),
                entry(tenant, "whatsapp", "evolution", "messages.upsert", true, t0.plusSeconds(20)),
                entry(tenant, "instagram", "graph", "message", false, t0.plusSeconds(10)),
                entry(other, "whatsapp", "cloud", "message", true, t0.plusSeconds(30))));

        var all = stores.webhookLog().find(new WebhookLogQuery(tenant, null, null, null, 50, 0));
        assertThat(all).extracting(WebhookLogEntry::eventType).containsExactly("messages.upsert", "message", "message");
        assertThat(all).extracting(WebhookLogEntry::provider).containsExactly("evolution", "graph", "cloud");
        assertThat(all).allMatch(e -> e.tenantId().equals(tenant));
        assertThat(all.get(1).error()).isEqualTo("ignored: why");
        assertThat(all.get(1).payload()).isEqualTo("{\"event\":\"message\"}");
        assertThat(all.get(1).processedAt()).isEqualTo(t0.plusSeconds(10));
    }

    @Test
    void find_filters_by_channel_provider_and_success_and_pages() {
        String tenant = StoreFixtures.setup(stores).tenant().id();
        Instant t0 = Instant.parse("2026-03-02T10:00:00Z");
        for (int i = 0; i < 5; i++) stores.webhookLog().record(entry(tenant, "whatsapp", "cloud", "c" + i, i % 2 == 0, t0.plusSeconds(i)));
        stores.webhookLog().record(entry(tenant, "whatsapp", "evolution", "e0", true, t0.plusSeconds(10)));
        stores.webhookLog().record(entry(tenant, "webchat", "widget", "w0", true, t0.plusSeconds(11)));

        assertThat(stores.webhookLog().find(new WebhookLogQuery(tenant, "whatsapp", null, null, 50, 0)))
                .extracting(WebhookLogEntry::eventType).containsExactly("e0", "c4", "c3", "c2", "c1", "c0");
        assertThat(stores.webhookLog().find(new WebhookLogQuery(tenant, "whatsapp", "cloud", null, 50, 0)))
                .extracting(WebhookLogEntry::eventType).containsExactly("c4", "c3", "c2", "c1", "c0");
        assertThat(stores.webhookLog().find(new WebhookLogQuery(tenant, null, "cloud", false, 50, 0)))
                .extracting(WebhookLogEntry::eventType).containsExactly("c3", "c1");
        assertThat(stores.webhookLog().find(new WebhookLogQuery(tenant, null, null, true, 50, 0)))
                .extracting(WebhookLogEntry::eventType).containsExactly("w0", "e0", "c4", "c2", "c0");
        assertThat(stores.webhookLog().find(new WebhookLogQuery(tenant, "whatsapp", "cloud", null, 2, 1)))
                .extracting(WebhookLogEntry::eventType).containsExactly("c3", "c2");
        assertThat(stores.webhookLog().find(new WebhookLogQuery(tenant, "telegram", null, null, 50, 0))).isEmpty();
    }

    @Test
    void a_query_without_tenant_lists_only_the_entries_that_matched_no_tenant() {
        String tenant = StoreFixtures.setup(stores).tenant().id();
        String channel = unique("chan"); // other tests' unmatched entries share the store
        Instant t0 = Instant.parse("2026-03-03T10:00:00Z");
        stores.webhookLog().record(entry(null, channel, "cloud", "unknown-account", false, t0));
        stores.webhookLog().record(entry(tenant, channel, "cloud", "message", true, t0.plusSeconds(1)));
        stores.webhookLog().record(entry(null, channel, "cloud", "malformed", false, t0.plusSeconds(2)));

        assertThat(stores.webhookLog().find(new WebhookLogQuery(null, channel, null, null, 50, 0)))
                .extracting(WebhookLogEntry::eventType).containsExactly("malformed", "unknown-account");
        assertThat(stores.webhookLog().find(new WebhookLogQuery(tenant, channel, null, null, 50, 0)))
                .extracting(WebhookLogEntry::eventType).containsExactly("message");
    }
}
