package dev.switchboard.core.memory;

import dev.switchboard.core.store.InboundJournal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link InboundJournal} in this process's memory: for tests and embedders; gone with the process. */
public final class InMemoryInboundJournal implements InboundJournal {
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    @Override
    public void append(Entry entry) {
        if (entries.putIfAbsent(entry.id(), entry) != null) throw new IllegalStateException("journal entry " + entry.id() + " exists");
    }

    @Override
    public Optional<Entry> find(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    @Override
    public void delete(String id) {
        entries.remove(id);
    }

    @Override
    public List<String> receivedBefore(Instant before, int limit) {
        return entries.values().stream().filter(e -> e.receivedAt().isBefore(before))
                .sorted(Comparator.comparing(Entry::receivedAt).thenComparing(Entry::id))
                .limit(Math.max(limit, 0)).map(Entry::id).toList();
    }

    @Override
    public Optional<Instant> oldestReceivedAt() {
        return entries.values().stream().map(Entry::receivedAt).min(Comparator.naturalOrder());
    }

    /** Entries not processed yet. */
    public int size() {
        return entries.size();
    }
}
