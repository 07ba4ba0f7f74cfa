package dev.switchboard.adapters.postgres;

import static dev.switchboard.adapters.postgres.Sql.ts;

import dev.switchboard.core.store.EventLog;
import dev.switchboard.core.store.EventPage;
import dev.switchboard.core.store.StoredEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link EventLog} in {@code live_events}, with <b>group commit</b> of appends (the pattern of
 * {@link InboundGroupCommit}): concurrent {@link #append} calls queue their event and wait; one
 * writer thread takes what is queued (up to {@link #MAX_BATCH}, lingering up to {@link #LINGER} for
 * more only while the previous batch had company) and writes it in <b>one transaction</b>: one
 * upsert of the batch's tenants' {@code live_event_heads} rows, in sorted tenant order (two nodes'
 * batches lock heads in one order, so they do not deadlock each other), advancing each head by its
 * tenant's count; then one insert of all events, ids given per tenant in queue order. The head row
 * locks are held until the commit, so ids still commit in increasing order per tenant: a reader
 * reading "after my last id" never skips a lower id that commits later. A caller returns only when
 * the commit holding its event returned.
 *
 * <p>When a batch fails (a deadlock, a lost connection) nothing of it was committed, and each member
 * appends alone with the single statement (upsert of its head and insert together), so one bad
 * member fails only itself. Past the retention, a tenant's old events are deleted in the batch that
 * crosses a multiple of {@link #pruneEvery} of its ids (at most every 100th id), not on every append.
 */
final class PostgresEventLog implements EventLog, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PostgresEventLog.class);
    static final int MAX_BATCH = 256;
    static final Duration LINGER = Duration.ofMillis(1);

    private record Member(String tenantId, String type, String resourceId, CompletableFuture<Long> result) {}

    private final Db db;
    private final Clock clock;
    private final int retained;
    private final int pruneEvery;
    private final LinkedBlockingQueue<Member> queue = new LinkedBlockingQueue<>();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong batched = new AtomicLong();
    private final AtomicLong singles = new AtomicLong();
    private final Thread writer;
    private volatile boolean running = true;

    PostgresEventLog(Db db, Clock clock, int retained) {
        if (retained < 1) throw new IllegalArgumentException("retained must be at least 1");
        this.db = db;
        this.clock = clock;
        this.retained = retained;
        this.pruneEvery = Math.max(1, Math.min(100, retained / 10));
        this.writer = Thread.ofPlatform().daemon().name("switchboard-event-commit").start(this::loop);
    }

    @Override
    public long append(String tenantId, String type, String resourceId) {
        if (running) {
            Member m = new Member(tenantId, type, resourceId, new CompletableFuture<>());
            queue.add(m);
            if (running || !queue.remove(m)) {
                Long id = m.result().join();
                if (id != null) return id;
            }
        }
        return appendAlone(tenantId, type, resourceId);
    }

    /** One event in its own statement and commit: the head's upsert row-locks it until the commit. */
    private long appendAlone(String tenantId, String type, String resourceId) {
        singles.incrementAndGet();
        long id = db.call(h -> h.createQuery("""
                        WITH head AS (
                            INSERT INTO live_event_heads (tenant_id, last_id) VALUES (:tenant, 1)
                            ON CONFLICT (tenant_id) DO UPDATE SET last_id = live_event_heads.last_id + 1
                            RETURNING last_id)
                        INSERT INTO live_events (tenant_id, event_id, type, resource_id, created_at)
                        SELECT :tenant, last_id, :type, :resource, :at FROM head RETURNING event_id""")
                .bind("tenant", tenantId).bind("type", type).bind("resource", resourceId).bind("at", ts(clock.instant()))
                .mapTo(Long.class).one());
        if (crossesPrune(id - 1, id)) {
            db.call(h -> h.createUpdate("DELETE FROM live_events WHERE tenant_id = :tenant AND event_id <= :below")
                    .bind("tenant", tenantId).bind("below", id - retained).execute());
        }
        return id;
    }

    /** Whether ids {@code (from, to]} hold a multiple of {@link #pruneEvery} and reach past the retention. */
    private boolean crossesPrune(long from, long to) {
        return to > retained && to / pruneEvery > from / pruneEvery;
    }

    private void loop() {
        List<Member> batch = new ArrayList<>(MAX_BATCH);
        int lastSize = 0;
        while (running || !queue.isEmpty()) {
            try {
                Member first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                if (lastSize > 1) gather(batch);
                lastSize = batch.size();
                write(batch);
            } catch (InterruptedException e) {
                // close() interrupts an idle writer; the loop condition decides
            } catch (RuntimeException | Error e) {
                log.error("live event group commit writer failed; its batch's callers append alone", e);
                batch.forEach(m -> m.result().complete(null));
            } finally {
                batch.clear();
            }
        }
    }

    /** Waits up to the linger time for the batch to fill. */
    private void gather(List<Member> batch) throws InterruptedException {
        long deadline = System.nanoTime() + LINGER.toNanos();
        while (batch.size() < MAX_BATCH) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return;
            Member next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) return;
            batch.add(next);
            queue.drainTo(batch, MAX_BATCH - batch.size());
        }
    }

    private void write(List<Member> batch) {
        if (batch.size() == 1) { // nothing to share: the single statement (one round trip), still on this thread
            Member m = batch.getFirst();
            try {
                m.result().complete(appendAlone(m.tenantId(), m.type(), m.resourceId()));
            } catch (RuntimeException e) {
                m.result().complete(null); // its caller tries once more alone, and sees the error if it recurs
            }
            return;
        }
        TreeMap<String, Long> counts = new TreeMap<>(); // sorted: every batch locks heads in one order
        for (Member m : batch) counts.merge(m.tenantId(), 1L, Long::sum);
        String at = clock.instant().toString();
        long[] ids = new long[batch.size()];
        try {
            db.call(h -> h.inTransaction(tx -> {
                Map<String, Long> heads = new HashMap<>();
                tx.createQuery("""
                                INSERT INTO live_event_heads (tenant_id, last_id)
                                SELECT t, n FROM unnest(:tenants::text[], :counts::bigint[]) WITH ORDINALITY AS u(t, n, ord)
                                ORDER BY ord
                                ON CONFLICT (tenant_id) DO UPDATE SET last_id = live_event_heads.last_id + excluded.last_id
                                RETURNING tenant_id, last_id""")
                        .bindArray("tenants", String.class, List.copyOf(counts.keySet()))
                        .bindArray("counts", Long.class, List.copyOf(counts.values()))
                        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                        .forEach(e -> heads.put(e.getKey(), e.getValue()));
                Map<String, Long> next = new HashMap<>();
                for (var e : counts.entrySet()) next.put(e.getKey(), heads.get(e.getKey()) - e.getValue());
                List<String> tenants = new ArrayList<>(), types = new ArrayList<>(), resources = new ArrayList<>();
                List<Long> eventIds = new ArrayList<>();
                for (int i = 0; i < batch.size(); i++) {
                    Member m = batch.get(i);
                    ids[i] = next.merge(m.tenantId(), 1L, Long::sum); // queue order within a tenant
                    tenants.add(m.tenantId());
                    types.add(m.type());
                    resources.add(m.resourceId());
                    eventIds.add(ids[i]);
                }
                tx.createUpdate("""
                                INSERT INTO live_events (tenant_id, event_id, type, resource_id, created_at)
                                SELECT t, id, ty, r, CAST(:at AS timestamptz)
                                FROM unnest(:tenants::text[], :ids::bigint[], :types::text[], :resources::text[]) AS u(t, id, ty, r)""")
                        .bindArray("tenants", String.class, tenants).bindArray("ids", Long.class, eventIds)
                        .bindArray("types", String.class, types).bindArray("resources", String.class, resources)
                        .bind("at", at).execute();
                for (var e : counts.entrySet()) {
                    long head = heads.get(e.getKey());
                    if (crossesPrune(head - e.getValue(), head)) {
                        tx.createUpdate("DELETE FROM live_events WHERE tenant_id = :tenant AND event_id <= :below")
                                .bind("tenant", e.getKey()).bind("below", head - retained).execute();
                    }
                }
                return null;
            }));
        } catch (RuntimeException e) {
            log.warn("a group commit of {} live events failed ({}); each is appended alone", batch.size(), e.getMessage());
            batch.forEach(m -> m.result().complete(null));
            return;
        }
        batches.incrementAndGet();
        batched.addAndGet(batch.size());
        for (int i = 0; i < batch.size(); i++) batch.get(i).result().complete(ids[i]);
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

    /** Events appended through batches of several, those batches committed, and appends committed alone (one commit each). */
    long[] counters() {
        return new long[] {batched.get(), batches.get(), singles.get()};
    }

    /** Writes what is queued, then stops the writer; later appends commit alone. */
    @Override
    public void close() {
        running = false;
        try {
            writer.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Member left;
        while ((left = queue.poll()) != null) left.result().complete(null);
    }
}
