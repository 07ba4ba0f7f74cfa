package dev.switchboard.adapters.postgres;

import static dev.switchboard.adapters.postgres.Sql.ts;

import dev.switchboard.core.store.EventLog;
import dev.switchboard.core.store.EventPage;
import dev.switchboard.core.store.StoredEvent;
import java.time.Clock;
import java.util.List;

/**
 * {@link EventLog} in {@code live_events}. One statement both takes the tenant's next id (an upsert
 * of its {@code live_event_heads} row, which row-locks it until the statement commits) and inserts
 * the event, so a second appender of the same tenant waits for the first to commit and ids commit in
 * increasing order: a reader reading "after my last id" never skips a lower id that commits later.
 * The lock is held for one short statement only (not across the caller's writes), so tenants'
 * writers wait on each other for microseconds. Every {@link #pruneEvery}th id also deletes what is
 * past the retention.
 */
final class PostgresEventLog implements EventLog {
    private final Db db;
    private final Clock clock;
    private final int retained;
    private final int pruneEvery;

    PostgresEventLog(Db db, Clock clock, int retained) {
        if (retained < 1) throw new IllegalArgumentException("retained must be at least 1");
        this.db = db;
        this.clock = clock;
        this.retained = retained;
        this.pruneEvery = Math.max(1, Math.min(100, retained / 10));
    }

    @Override
    public long append(String tenantId, String type, String resourceId) {
        long id = db.call(h -> h.createQuery("""
                        WITH head AS (
                            INSERT INTO live_event_heads (tenant_id, last_id) VALUES (:tenant, 1)
                            ON CONFLICT (tenant_id) DO UPDATE SET last_id = live_event_heads.last_id + 1
                            RETURNING last_id)
                        INSERT INTO live_events (tenant_id, event_id, type, resource_id, created_at)
                        SELECT :tenant, last_id, :type, :resource, :at FROM head RETURNING event_id""")
                .bind("tenant", tenantId).bind("type", type).bind("resource", resourceId).bind("at", ts(clock.instant()))
                .mapTo(Long.class).one());
        if (id % pruneEvery == 0 && id > retained) {
            db.call(h -> h.createUpdate("DELETE FROM live_events WHERE tenant_id = :tenant AND event_id <= :below")
                    .bind("tenant", tenantId).bind("below", id - retained).execute());
        }
        return id;
    }

    @Override
    public EventPage read(String tenantId, long afterId, int limit) {
        List<StoredEvent> page = db.call(h -> h.createQuery("""
                        SELECT * FROM live_events WHERE tenant_id = :tenant AND event_id > :after
                        ORDER BY event_id LIMIT :limit""")
                .bind("tenant", tenantId).bind("after", afterId).bind("limit", limit)
                .map((rs, ctx) -> new StoredEvent(rs.getString("tenant_id"), rs.getLong("event_id"), rs.getString("type"),
                        rs.getString("resource_id"), Sql.instant(rs, "created_at")))
                .list());
        if (!page.isEmpty() && page.getFirst().id() == afterId + 1) return new EventPage(page, false);
        long[] bounds = db.call(h -> h.createQuery("""
                        SELECT (SELECT min(event_id) FROM live_events WHERE tenant_id = :tenant) AS oldest,
                               (SELECT last_id FROM live_event_heads WHERE tenant_id = :tenant) AS head""")
                .bind("tenant", tenantId)
                .map((rs, ctx) -> new long[] {rs.getLong("oldest"), rs.getLong("head")}).one());
        long oldest = bounds[0] == 0 ? bounds[1] + 1 : bounds[0];
        // an id older than the oldest kept lost events to pruning; one above the head is from another log
        return new EventPage(page, afterId < oldest - 1 || afterId > bounds[1]);
    }

    @Override
    public long head(String tenantId) {
        return db.call(h -> h.createQuery("SELECT last_id FROM live_event_heads WHERE tenant_id = :tenant")
                .bind("tenant", tenantId).mapTo(Long.class).findOne().orElse(0L));
    }

    @Override
    public int retained() {
        return retained;
    }
}
