package dev.switchboard.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.domain.WebhookLogEntry;
import dev.switchboard.core.store.WebhookLogStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class WebhookLogWriterTest {
    /** Records what it is handed; its first write waits until {@code open} is counted down. */
    static final class GatedStore implements WebhookLogStore {
        final CountDownLatch open = new CountDownLatch(1);
        final ConcurrentLinkedQueue<WebhookLogEntry> written = new ConcurrentLinkedQueue<>();
        final List<Integer> batchSizes = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override public void record(WebhookLogEntry entry) { recordAll(List.of(entry)); }

        @Override public void recordAll(List<WebhookLogEntry> entries) {
            try {
                open.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            batchSizes.add(entries.size());
            written.addAll(entries);
        }

        @Override public List<WebhookLogEntry> recent(String tenantId, int limit) { return List.of(); }
        @Override public List<WebhookLogEntry> find(dev.switchboard.core.store.WebhookLogQuery q) { return List.of(); }

        @Override public int deleteOlderThan(Instant before, int limit) { return 0; }
    }

    private static WebhookLogEntry entry(int i) {
        return new WebhookLogEntry("wh-" + i, null, "whatsapp", "message", true, null, null, Instant.EPOCH);
    }

    @Test
    void moreEntriesThanTheQueueHoldsWhileTheStoreIsStalledAreAllWrittenInBatches() throws Exception {
        GatedStore store = new GatedStore();
        int total = WebhookLogWriter.CAPACITY + 1_000;
        try (WebhookLogWriter writer = new WebhookLogWriter(store)) {
            ExecutorService submitters = Executors.newVirtualThreadPerTaskExecutor();
            for (int i = 0; i < total; i++) {
                int n = i;
                submitters.submit(() -> writer.submit(entry(n)));
            }
            store.open.countDown(); // the submitters past the capacity were waiting, not dropped
            submitters.shutdown();
            assertThat(submitters.awaitTermination(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
            writer.flush(Duration.ofMinutes(2));
        }
        assertThat(store.written).hasSize(total);
        assertThat(store.written.stream().map(WebhookLogEntry::id).distinct().count()).isEqualTo(total);
        assertThat(store.batchSizes).allMatch(size -> size <= WebhookLogWriter.BATCH);
        assertThat(store.batchSizes.size()).isLessThan(total / 10);
    }

    @Test
    void aRefusedBatchIsWrittenEntryByEntrySoOnlyTheBadEntryIsLost() {
        List<WebhookLogEntry> written = new ArrayList<>();
        WebhookLogStore store = new WebhookLogStore() {
            @Override public void record(WebhookLogEntry e) {
                if (e.eventType() == null) throw new IllegalArgumentException("event type required");
                written.add(e);
            }
            @Override public void recordAll(List<WebhookLogEntry> entries) {
                if (entries.size() > 1) throw new IllegalStateException("batch refused");
                WebhookLogStore.super.recordAll(entries);
            }
            @Override public List<WebhookLogEntry> recent(String tenantId, int limit) { return List.of(); }
            @Override public List<WebhookLogEntry> find(dev.switchboard.core.store.WebhookLogQuery q) { return List.of(); }
            @Override public int deleteOlderThan(Instant before, int limit) { return 0; }
        };
        try (WebhookLogWriter writer = new WebhookLogWriter(store)) {
            writer.submit(entry(1));
            writer.submit(new WebhookLogEntry("bad", null, "whatsapp", null, false, null, null, Instant.EPOCH));
            writer.submit(entry(2));
            writer.flush(Duration.ofSeconds(30));
        }
        assertThat(written).extracting(WebhookLogEntry::id).containsExactlyInAnyOrder("wh-1", "wh-2");
    }
}
