package dev.switchboard.core.memory;

import dev.switchboard.core.domain.WebhookLogEntry;
import dev.switchboard.core.store.WebhookLogStore;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** {@link WebhookLogStore} in memory, keeping the newest {@value #CAPACITY} entries. */
final class InMemoryWebhookLogStore implements WebhookLogStore {
    private static final int CAPACITY = 1000;

    private final Guard guard;
    private final Deque<WebhookLogEntry> entries = new ArrayDeque<>();

    InMemoryWebhookLogStore(Guard guard) {
        this.guard = guard;
    }

    public void record(WebhookLogEntry entry) {
        guard.locked(() -> {
            entries.addFirst(entry);
            while (entries.size() > CAPACITY) entries.removeLast();
        });
    }

    public List<WebhookLogEntry> recent(String tenantId, int limit) {
        return guard.locked(() -> entries.stream()
                .filter(e -> tenantId == null || tenantId.equals(e.tenantId())).limit(limit).toList());
    }

    public List<WebhookLogEntry> find(dev.switchboard.core.store.WebhookLogQuery query) {
        return guard.locked(() -> entries.stream().filter(query::matches)
                .sorted(java.util.Comparator.comparing(WebhookLogEntry::processedAt, java.util.Comparator.nullsLast(java.util.Comparator.reverseOrder())))
                .skip(query.offset()).limit(query.limit()).toList());
    }

    public int deleteOlderThan(Instant before, int limit) {
        return guard.locked(() -> {
            int deleted = 0;
            // newest first: the old ones sit at the end
            var it = entries.descendingIterator();
            while (deleted < limit && it.hasNext()) {
                if (!it.next().processedAt().isBefore(before)) continue;
                it.remove();
                deleted++;
            }
            return deleted;
        });
    }
}
