package dev.switchboard.adapters.postgres;


import dev.switchboard.core.store.EventLog;
import dev.switchboard.core.store.EventPage;
import dev.switchboard.core.store.StoredEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link EventLog} in {@code live_events}, with <b>group commit</b> of appends ({@link GroupCommit},
 * as {@link CallGroupCommit}): concurrent {@link #append} calls queue their event and wait; one
 * writer thread takes what is queued (up to {@link #MAX_BATCH}, lingering up to {@link #LINGER} for
 * more only while the previous batch had company) and writes it in <b>one statement</b> (one round
 * trip, one commit): an upsert of the batch's tenants' {@code live_event_heads} rows, in sorted tenant
 * order (two nodes' batches lock heads in one order, so they do not deadlock each other), advancing
 * each head by its tenant's count, and the insert of all events, ids given per tenant in queue order. The head row
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
    /** Members queued past which {@link #appendLater} waits for its commit as {@link #appendAll} does. */
    static final int MAX_QUEUED = 10_000;

    private record Member(String tenantId, String type, String resourceId) {}

    /**
     * A batch in one statement (one round trip, one commit): the heads of the batch's tenants advance by
     * their counts (sorted tenants: one lock order), and each event takes the id {@code head - count +
     * ordinal}; the answer is the new heads. The events' insert is a data-modifying CTE, which runs to
     * completion whether or not the outer query reads it.
     */
    private static final Jdbc.Named BATCH_APPEND = Jdbc.Named.parse("""
            WITH counts AS (
                SELECT t, n, ord FROM unnest(:headTenants::text[], :counts::bigint[]) WITH ORDINALITY AS u(t, n, ord)
            ), heads AS (
                INSERT INTO live_event_heads (tenant_id, last_id)
                SELECT t, n FROM counts ORDER BY ord
                ON CONFLICT (tenant_id) DO UPDATE SET last_id = live_event_heads.last_id + excluded.last_id
                RETURNING tenant_id, last_id
            ), inserted AS (
                INSERT INTO live_events (tenant_id, event_id, type, resource_id, created_at)
                SELECT e.t, h.last_id - c.n + e.k, e.ty, e.r, CAST(:at AS timestamptz)
                FROM unnest(:tenants::text[], :ordinals::bigint[], :types::text[], :resources::text[]) AS e(t, k, ty, r)
                JOIN heads h ON h.tenant_id = e.t
                JOIN counts c ON c.t = e.t
            )
            SELECT tenant_id, last_id FROM heads""");

    /** One event in its own statement and commit: the head's upsert row-locks it until the commit. */
    private static final Jdbc.Named APPEND_ALONE = Jdbc.Named.parse("""
            WITH head AS (
                INSERT INTO live_event_heads (tenant_id, last_id) VALUES (:tenant, 1)
                ON CONFLICT (tenant_id) DO UPDATE SET last_id = live_event_heads.last_id + 1
                RETURNING last_id)
            INSERT INTO live_events (tenant_id, event_id, type, resource_id, created_at)
            SELECT :tenant, last_id, :type, :resource, :at FROM head RETURNING event_id""");

    private static final Jdbc.Named PRUNE = Jdbc.Named.parse(
            "DELETE FROM live_events WHERE tenant_id = :tenant AND event_id > :above AND event_id <= :below");
    /** How many prune periods back a prune reaches. */
    static final int PRUNE_REACH = 16;
    /** One prune in this many reaches back to the start. */
    static final int FULL_PRUNE_EVERY = 64;

    private final Db db;
    private final Clock clock;
    private final int retained;
    private final int pruneEvery;
    private final AtomicLong batches = new AtomicLong(); // of several members: one of one is a single append
    private final AtomicLong batched = new AtomicLong();
    private final AtomicLong singles = new AtomicLong();
    private final GroupCommit<Member, Long> commit;

    PostgresEventLog(Db db, Clock clock, int retained) {
        if (retained < 1) throw new IllegalArgumentException("retained must be at least 1");
        this.db = db;
        this.clock = clock;
        this.retained = retained;
        this.pruneEvery = Math.max(1, Math.min(100, retained / 10));
        this.commit = new GroupCommit<>(new GroupCommit.Settings(1, MAX_BATCH, LINGER), i -> "switchboard-event-commit",
                "live events", log, this::write);
    }

    @Override
    public long append(String tenantId, String type, String resourceId) {
        Long id = commit.submit(new Member(tenantId, type, resourceId));
        return id != null ? id : appendAlone(tenantId, type, resourceId);
    }

    /** The events in one batch (one statement, one commit) unless the batch fills up; any that fell back append alone. */
    @Override
    public long[] appendAll(String tenantId, List<Entry> entries) {
        List<Long> batched = commit.submitAll(entries.stream().map(e -> new Member(tenantId, e.type(), e.resourceId())).toList());
        long[] ids = new long[entries.size()];
        for (int i = 0; i < ids.length; i++) {
            Long id = batched.get(i);
            ids[i] = id != null ? id : appendAlone(tenantId, entries.get(i).type(), entries.get(i).resourceId());
        }
        return ids;
    }

    /**
     * Queues the events for the next batch and returns at once. The queue is bounded: past
     * {@link #MAX_QUEUED} waiting members the caller appends as {@link #appendAll} does, waiting for the
     * commit, so a database that falls behind slows its writers instead of filling the heap. A member
     * whose batch failed appends alone on a virtual thread; if that fails too, the event is lost and
     * logged (as a failed append always was: the write it follows stands).
     */
    @Override
    public CompletionStage<Void> appendLater(String tenantId, List<Entry> entries) {
        if (commit.queued() >= MAX_QUEUED) {
            appendAll(tenantId, entries);
            return CompletableFuture.completedFuture(null);
        }
        var results = commit.enqueue(entries.stream().map(e -> new Member(tenantId, e.type(), e.resourceId())).toList());
        CompletableFuture<?>[] written = new CompletableFuture<?>[entries.size()];
        for (int i = 0; i < written.length; i++) {
            Entry e = entries.get(i);
            written[i] = results.get(i).thenCompose(id -> id != null ? CompletableFuture.<Void>completedFuture(null)
                    : CompletableFuture.runAsync(() -> appendAloneLogged(tenantId, e), Thread::startVirtualThread));
        }
        return CompletableFuture.allOf(written);
    }

    private void appendAloneLogged(String tenantId, Entry e) {
        try {
            appendAlone(tenantId, e.type(), e.resourceId());
        } catch (RuntimeException failure) {
            log.warn("a live event ({} of {}) could not be appended; the write it follows stands", e.type(), e.resourceId(), failure);
        }
    }

    /** {@link #APPEND_ALONE}; past a multiple of {@link #pruneEvery}, the tenant's oldest events go. */
    private long appendAlone(String tenantId, String type, String resourceId) {
        singles.incrementAndGet();
        long id = db.queryOne(APPEND_ALONE.bind().text("tenant", tenantId).text("type", type).text("resource", resourceId)
                        .timestamptz("at", clock.instant()), rs -> rs.getLong(1))
                .orElseThrow(() -> new IllegalStateException("appending a live event returned no id"));
        if (crossesPrune(id - 1, id)) prune(tenantId, id - 1, id);
        return id;
    }

    /**
     * Deletes the tenant's events past the retention below {@code head}; a failure is logged (the next
     * prune catches up). The range has a lower end, {@link #PRUNE_REACH} prunes back: without it the
     * index scan walks every entry deleted before, dead until a vacuum removes them (10 ms for 100 rows
     * behind 76,000 deleted ones in the bench). The prune whose appends {@code (from, head]} cross a
     * multiple of {@link #FULL_PRUNE_EVERY} prune periods has none, so rows a failed prune left below
     * the reach go too.
     */
    private void prune(String tenantId, long from, long head) {
        long below = head - retained;
        long full = (long) FULL_PRUNE_EVERY * pruneEvery;
        long above = head / full > from / full ? 0 : Math.max(0, below - (long) PRUNE_REACH * pruneEvery);
        try {
            db.update(PRUNE.bind().text("tenant", tenantId).int8("above", above).int8("below", below));
        } catch (RuntimeException e) {
            log.warn("pruning the live events of a tenant failed; the next prune catches up", e);
        }
    }

    /** Whether ids {@code (from, to]} hold a multiple of {@link #pruneEvery} and reach past the retention. */
    private boolean crossesPrune(long from, long to) {
        return to > retained && to / pruneEvery > from / pruneEvery;
    }

    /** Appends a batch in one statement (the writer thread's part); the ids in the batch's order. */
    private List<Long> write(List<Member> batch) {
        if (batch.size() == 1) { // nothing to share: the single statement (one round trip), still on this thread
            Member m = batch.getFirst();
            try {
                return List.of(appendAlone(m.tenantId(), m.type(), m.resourceId()));
            } catch (RuntimeException e) {
                return null; // its caller tries once more alone, and sees the error if it recurs
            }
        }
        TreeMap<String, Long> counts = new TreeMap<>(); // sorted: every batch locks heads in one order
        List<String> tenants = new ArrayList<>(), types = new ArrayList<>(), resources = new ArrayList<>();
        List<Long> ordinals = new ArrayList<>(); // a member's place among its tenant's members, 1, 2, … in queue order
        for (Member m : batch) {
            ordinals.add(counts.merge(m.tenantId(), 1L, Long::sum));
            tenants.add(m.tenantId());
            types.add(m.type());
            resources.add(m.resourceId());
        }
        Map<String, Long> heads = new HashMap<>();
        db.query(BATCH_APPEND.bind()
                        .textArray("headTenants", List.copyOf(counts.keySet()))
                        .int8Array("counts", List.copyOf(counts.values()))
                        .textArray("tenants", tenants).int8Array("ordinals", ordinals)
                        .textArray("types", types).textArray("resources", resources)
                        .text("at", clock.instant().toString()),
                        rs -> Map.entry(rs.getString(1), rs.getLong(2)))
                .forEach(e -> heads.put(e.getKey(), e.getValue()));
        Long[] ids = new Long[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            String tenant = batch.get(i).tenantId();
            ids[i] = heads.get(tenant) - counts.get(tenant) + ordinals.get(i);
        }
        // committed: from here on nothing may throw, or the members would be appended a second time
        for (var e : counts.entrySet()) {
            long head = heads.get(e.getKey());
            if (crossesPrune(head - e.getValue(), head)) prune(e.getKey(), head - e.getValue(), head);
        }
        batches.incrementAndGet();
        batched.addAndGet(batch.size());
        return List.of(ids);
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
        commit.close();
    }
}
