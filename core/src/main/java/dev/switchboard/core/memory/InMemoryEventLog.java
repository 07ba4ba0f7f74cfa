package dev.switchboard.core.memory;

import dev.switchboard.core.store.EventLog;
import dev.switchboard.core.store.EventPage;
import dev.switchboard.core.store.StoredEvent;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link EventLog} in memory: one bounded deque per tenant, ids assigned and appended under one lock. */
public final class InMemoryEventLog implements EventLog {
    private final Clock clock;
    private final int retained;
    private final Map<String, Tenant> tenants = new HashMap<>();

    public InMemoryEventLog() {
        this(Clock.systemUTC(), DEFAULT_RETAINED);
    }

    public InMemoryEventLog(Clock clock, int retained) {
        if (retained < 1) throw new IllegalArgumentException("retained must be at least 1");
        this.clock = clock;
        this.retained = retained;
    }

    private static final class Tenant {
        long head;
        final ArrayDeque<StoredEvent> events = new ArrayDeque<>();
    }

    @Override
    public synchronized long append(String tenantId, String type, String resourceId) {
        Tenant t = tenants.computeIfAbsent(tenantId, k -> new Tenant());
        long id = ++t.head;
        t.events.addLast(new StoredEvent(tenantId, id, type, resourceId, clock.instant()));
        while (t.events.size() > retained) t.events.removeFirst();
        return id;
    }

    @Override
    public synchronized EventPage read(String tenantId, long afterId, int limit) {
        Tenant t = tenants.get(tenantId);
        if (t == null) return new EventPage(List.of(), afterId > 0);
        long oldest = t.events.isEmpty() ? t.head + 1 : t.events.getFirst().id();
        boolean reset = afterId < oldest - 1 || afterId > t.head;
        List<StoredEvent> page = new ArrayList<>();
        for (StoredEvent e : t.events) {
            if (page.size() >= limit) break;
            if (reset || e.id() > afterId) page.add(e);
        }
        return new EventPage(page, reset);
    }

    @Override
    public synchronized long head(String tenantId) {
        Tenant t = tenants.get(tenantId);
        return t == null ? 0 : t.head;
    }

    @Override
    public int retained() {
        return retained;
    }
}
