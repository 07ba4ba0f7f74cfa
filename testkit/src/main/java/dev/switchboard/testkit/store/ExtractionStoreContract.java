package dev.switchboard.testkit.store;

import static dev.switchboard.testkit.store.StoreFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.domain.Extraction;
import dev.switchboard.core.domain.WebhookLogEntry;
import dev.switchboard.core.store.Stores;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Contract for {@code ExtractionStore} (history kept, latest wins) and {@code WebhookLogStore}. */
public abstract class ExtractionStoreContract {

    protected abstract Stores stores();

    protected Stores stores;

    @BeforeEach
    void initStores() {
        stores = stores();
    }

    @Test
    void extractions_keep_history_and_latest_wins() throws InterruptedException {
        var s = StoreFixtures.setup(stores);
        String conv = stores.conversations().acceptInbound(s.inbound("16505551234", unique("w"), "hi")).conversation().id();
        Extraction first = stores.extractions().add(new Extraction(unique("ext"), s.tenant().id(), conv, "Maria", null, null,
                "pricing", 1, null, null, 2, null, null, 1, StoreFixtures.now()));
        Thread.sleep(2);
        Extraction second = stores.extractions().add(new Extraction(unique("ext"), s.tenant().id(), conv, "Maria Silva",
                "maria@example.com", "Loja Centro", "demo", 3, 2, 3, 3, Instant.parse("2026-12-01T15:00:00Z"), "Wants a demo", 4,
                StoreFixtures.now()));
        assertThat(stores.extractions().latest(conv)).contains(second);
        assertThat(stores.extractions().list(s.tenant().id(), conv, 10, 0)).containsExactly(second, first);
        assertThat(stores.extractions().list(s.tenant().id(), null, 1, 1)).containsExactly(first);
        var other = StoreFixtures.setup(stores);
        assertThat(stores.extractions().list(other.tenant().id(), null, 10, 0)).isEmpty();
    }

    @Test
    void webhook_log_keeps_entries_newest_first_per_tenant() throws InterruptedException {
        var s = StoreFixtures.setup(stores);
        stores.webhookLog().record(new WebhookLogEntry(unique("wh"), s.tenant().id(), "whatsapp", "message", true, null,
                "{\"a\":1}", StoreFixtures.now()));
        Thread.sleep(2);
        stores.webhookLog().record(new WebhookLogEntry(unique("wh"), s.tenant().id(), "whatsapp", "status", false, "unknown",
                null, StoreFixtures.now()));
        assertThat(stores.webhookLog().recent(s.tenant().id(), 10)).extracting(WebhookLogEntry::eventType)
                .containsExactly("status", "message");
        assertThat(stores.webhookLog().recent(s.tenant().id(), 10).getFirst().error()).isEqualTo("unknown");
    }

    @Test
    void webhook_log_entries_past_their_retention_are_deleted_in_batches_oldest_first() {
        var s = StoreFixtures.setup(stores);
        java.time.Instant longAgo = java.time.Instant.parse("2000-01-01T00:00:00Z");
        for (int i = 0; i < 3; i++) {
            stores.webhookLog().record(new WebhookLogEntry(unique("wh"), s.tenant().id(), "whatsapp", "old-" + i, true, null,
                    null, longAgo.plusSeconds(i)));
        }
        stores.webhookLog().record(new WebhookLogEntry(unique("wh"), s.tenant().id(), "whatsapp", "recent", true, null,
                null, StoreFixtures.now()));
        java.time.Instant cutoff = java.time.Instant.parse("2000-06-01T00:00:00Z");

        assertThat(stores.webhookLog().deleteOlderThan(cutoff, 2)).isEqualTo(2);
        assertThat(stores.webhookLog().recent(s.tenant().id(), 10)).extracting(WebhookLogEntry::eventType)
                .containsExactly("recent", "old-2");
        assertThat(stores.webhookLog().deleteOlderThan(cutoff, 2)).isEqualTo(1);
        assertThat(stores.webhookLog().deleteOlderThan(cutoff, 2)).isZero();
        assertThat(stores.webhookLog().recent(s.tenant().id(), 10)).extracting(WebhookLogEntry::eventType).containsExactly("recent");
    }
}
