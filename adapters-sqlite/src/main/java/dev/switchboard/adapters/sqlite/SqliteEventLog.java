package dev.switchboard.adapters.sqlite;

import dev.switchboard.core.store.EventLog;
import dev.switchboard.core.store.EventPage;
import dev.switchboard.core.store.StoredEvent;
import java.time.Clock;
import java.util.List;

/**
 * {@link EventLog} in {@code live_events}. The next id is taken from {@code live_event_heads} and the
 * event inserted in one write transaction; SQLite has one writer at a time ({@link Db#write}), so ids
 * commit in increasing order and a reader reading "after my last id" never skips one. Every
 * {@link #pruneEvery}th id also deletes what is past the retention, in the same transaction.
 */
final class SqliteEventLog implements EventLog {
    private final Db db;
    private final Clock clock;
    private final int retained;
    private final int pruneEvery;

    SqliteEventLog(Db db, Clock clock, int retained) {
        if (retained < 1) throw new IllegalArgumentException("retained must be at least 1");
        this.db = db;
        this.clock = clock;
        this.retained = retained;
        this.pruneEvery = Math.max(1, Math.min(100, retained / 10));
    }

    @Override
    public long append(String tenantId, String type, String resourceId) {
        return db.write(h -> {
            long id = h.createQuery("""
                            INSERT INTO live_event_heads (tenant_id, last_id) VALUES (:tenant, 1)
                            ON CONFLICT (tenant_id) DO UPDATE SET last_id = last_id + 1
                            RETURNING last_id""")
                    .bind("tenant", tenantId).mapTo(Long.class).one();
            h.createUpdate("""
                            INSERT INTO live_events (tenant_id, event_id, type, resource_id, created_at)
                            VALUES (:tenant, :id, :type, :resource, :at)""")
                    .bind("tenant", tenantId).bind("id", id).bind("type", type).bind("resource", resourceId)
                    .bind("at", Sql.micros(clock.instant())).execute();
            if (id % pruneEvery == 0 && id > retained) {
                h.createUpdate("DELETE FROM live_events WHERE tenant_id = :tenant AND event_id <= :below")
                        .bind("tenant", tenantId).bind("below", id - retained).execute();
            }
            return id;
        });
    }

    @Override
    public EventPage read(String tenantId, long afterId, int limit) {
        List<StoredEvent> page = db.read(h -> h.createQuery("""
                        SELECT * FROM live_events WHERE tenant_id = :tenant AND event_id > :after
                        ORDER BY event_id LIMIT :limit""")
                .bind("tenant", tenantId).bind("after", afterId).bind("limit", limit)
                .map((rs, ctx) -> new StoredEvent(rs.getString("tenant_id"), rs.getLong("event_id"), rs.getString("type"),
                        rs.getString("resource_id"), Sql.instant(rs, "created_at")))
                .list());
        if (!page.isEmpty() && page.getFirst().id() == afterId + 1) return new EventPage(page, false);
        long[] bounds = db.read(h -> h.createQuery("""
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
        return db.read(h -> h.createQuery("SELECT last_id FROM live_event_heads WHERE tenant_id = :tenant")
                .bind("tenant", tenantId).mapTo(Long.class).findOne().orElse(0L));
    }

    @Override
    public int retained() {
        return retained;
    }
}
