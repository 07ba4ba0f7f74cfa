package dev.switchboard.core.memory;

import dev.switchboard.core.store.InboundJournal;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * {@link InboundJournal} in this process's memory: for tests and embedders; gone with the process.
 * Each appended entry is a batch of its own; {@link #appendTo} puts one in a given batch, as a
 * database journal's group commit does.
 */
public final class InMemoryInboundJournal implements InboundJournal {
    private record Stored(String batch, Entry entry) {}

    private final Map<String, Stored> entries = new ConcurrentSkipListMap<>(); // by id: the ids are time-ordered

    @Override
    public String append(Entry entry) {
        return appendTo(entry.id(), entry);
    }

    /** Stores {@code entry} in batch {@code batch} (a batch's key is one of its entries' ids). @return {@code batch} */
    public String appendTo(String batch, Entry entry) {
        if (entries.putIfAbsent(entry.id(), new Stored(batch, entry)) != null) {
            throw new IllegalStateException("journal entry " + entry.id() + " exists");
        }
        return batch;
    }

    @Override
    public List<Entry> batch(String key) {
        return entries.values().stream().filter(s -> s.batch().equals(key)).map(Stored::entry).toList();
    }

    @Override
    public void delete(String key, Collection<String> ids) {
        ids.forEach(id -> entries.computeIfPresent(id, (k, s) -> s.batch().equals(key) ? null : s));
    }

    @Override
    public List<String> oldestBatches(int limit) {
        return entries.values().stream().map(Stored::batch).distinct().sorted().limit(Math.max(limit, 0)).toList();
    }

    @Override
    public List<String> batchesReceivedBefore(Instant before, int limit) {
        return entries.values().stream().filter(s -> s.entry().receivedAt().isBefore(before)).map(Stored::batch)
                .distinct().sorted().limit(Math.max(limit, 0)).toList();
    }

    @Override
    public Optional<Instant> oldestReceivedAt() {
        return entries.values().stream().map(s -> s.entry().receivedAt()).min(Comparator.naturalOrder());
    }

    /** The entry {@code id}, while it waits. */
    public Optional<Entry> find(String id) {
        return Optional.ofNullable(entries.get(id)).map(Stored::entry);
    }

    /** Entries not processed yet. */
    public int size() {
        return entries.size();
    }
}
