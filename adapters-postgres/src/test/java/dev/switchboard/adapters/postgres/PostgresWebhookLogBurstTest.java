package dev.switchboard.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.channel.AccountDirectory;
import dev.switchboard.core.channel.Channel;
import dev.switchboard.core.channel.InboundEvent;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.channel.SendResult;
import dev.switchboard.core.channel.Verification;
import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.WebhookLogEntry;
import dev.switchboard.core.engine.Switchboard;
import dev.switchboard.core.support.InvalidInputException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * The webhook log on PostgreSQL under a burst: every entry the engine submits ends up as a row
 * (none dropped), written in batches, and a batch is all or none.
 */
class PostgresWebhookLogBurstTest {
    private static final int BURST = 20_000;

    /**
     * Accepts every webhook and cannot read any, naming the run in the error: each delivery is one log
     * entry (a "malformed" row) and no other write. (A refused delivery writes no row at all.)
     */
    record RefusingChannel(String name, String reason) implements Channel {
        public String channel() { return name; }
        public String provider() { return "test"; }
        public Verification verify(WebhookRequest r, AccountDirectory a) { return Verification.accepted(); }
        public List<InboundEvent> parse(WebhookRequest r) { throw new dev.switchboard.core.channel.MalformedWebhookException(reason); }
        public SendResult send(ChannelAccount account, OutboundMessage message) { return new SendResult.Sent("out"); }
    }

    @Test
    void twentyThousandWebhooksInABurstLeaveTwentyThousandLogRows() throws Exception {
        PostgresStores pg = TestDatabase.shared();
        String reason = "burst-" + UUID.randomUUID();
        java.util.logging.Logger ingestLog = java.util.logging.Logger.getLogger("dev.switchboard.core.engine.Ingest");
        java.util.logging.Level before = ingestLog.getLevel();
        ingestLog.setLevel(java.util.logging.Level.SEVERE); // 20,000 "webhook refused" warnings would dominate the run
        try {
        try (Switchboard engine = Switchboard.create(c -> c.stores(pg.stores()).channel(new RefusingChannel("burst", reason)))) {
            try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < BURST; i++) {
                    byte[] body = ("delivery " + i).getBytes();
                    senders.submit(() -> engine.ingest().receive("burst", "test", WebhookRequest.of(Map.of(), body)));
                }
            }
            long deadline = System.nanoTime() + 120_000_000_000L;
            long rows;
            do {
                engine.flushWebhookLog();
                rows = TestDatabase.scalar("SELECT count(*) FROM webhook_logs WHERE error LIKE ?", "%" + reason);
            } while (rows < BURST && System.nanoTime() < deadline);
            assertThat(rows).isEqualTo(BURST);
        }
        } finally {
            ingestLog.setLevel(before);
        }
    }

    @Test
    void recordAllWritesEveryEntryAcrossSeveralInserts() {
        var store = TestDatabase.shared().stores().webhookLog();
        String tenant = "t-" + UUID.randomUUID();
        List<WebhookLogEntry> entries = new ArrayList<>();
        for (int i = 0; i < PostgresWebhookLogStore.ROWS_PER_INSERT * 2 + 7; i++) {
            entries.add(new WebhookLogEntry(i % 2 == 0 ? null : "wh-" + UUID.randomUUID(), tenant, "whatsapp", "message-" + i,
                    i % 3 != 0, i % 3 == 0 ? "bad" : null, "{\"n\":" + i + "}", i % 5 == 0 ? null : Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i)));
        }
        store.recordAll(entries);
        assertThat(TestDatabase.scalar("SELECT count(*) FROM webhook_logs WHERE tenant_id = ?", tenant)).isEqualTo(entries.size());
        assertThat(TestDatabase.scalar("SELECT count(*) FROM webhook_logs WHERE tenant_id = ? AND error = 'bad' AND NOT success", tenant))
                .isEqualTo(entries.stream().filter(e -> "bad".equals(e.error())).count());
        assertThat(store.recent(tenant, 1).getFirst().payload()).startsWith("{\"n\":");
    }

    @Test
    void aBatchWithAnInvalidEntryWritesNothing() {
        var store = TestDatabase.shared().stores().webhookLog();
        String tenant = "t-" + UUID.randomUUID();
        List<WebhookLogEntry> entries = List.of(
                new WebhookLogEntry(null, tenant, "whatsapp", "message", true, null, null, null),
                new WebhookLogEntry(null, tenant, "whatsapp", null, true, null, null, null));
        assertThatThrownBy(() -> store.recordAll(entries)).isInstanceOf(InvalidInputException.class);
        assertThat(TestDatabase.scalar("SELECT count(*) FROM webhook_logs WHERE tenant_id = ?", tenant)).isZero();
    }

    @Test
    void aDuplicateIdRollsBackTheWholeBatch() {
        var store = TestDatabase.shared().stores().webhookLog();
        String tenant = "t-" + UUID.randomUUID();
        String id = "wh-" + UUID.randomUUID();
        List<WebhookLogEntry> entries = List.of(
                new WebhookLogEntry(id, tenant, "whatsapp", "message", true, null, null, null),
                new WebhookLogEntry(null, tenant, "whatsapp", "message", true, null, null, null),
                new WebhookLogEntry(id, tenant, "whatsapp", "message", true, null, null, null));
        assertThatThrownBy(() -> store.recordAll(entries)).isInstanceOf(RuntimeException.class);
        assertThat(TestDatabase.scalar("SELECT count(*) FROM webhook_logs WHERE tenant_id = ?", tenant)).isZero();
    }
}
