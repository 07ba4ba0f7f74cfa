package dev.switchboard.adapters.postgres;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import com.zaxxer.hikari.HikariDataSource;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of {@code accept_inbound} calls: concurrent callers (webhook requests) queue their
 * message here and wait; a few writer threads, each on a connection of its own, take what is
 * queued (up to {@link Settings#maxBatch}, waiting up to {@link Settings#linger} for more while the
 * last batch had company) and store it with <b>one statement, one transaction, one commit</b>:
 * {@code accept_inbound} called for each row of the unnested arrays, in the order of the contacts'
 * keys (two batches lock contacts in one order, so they do not deadlock each other). A caller is
 * answered only when the commit holding its message returned.
 *
 * <p>When the batch statement fails (one member the database refuses, a deadlock, a lost
 * connection) nothing of it was committed, and every member is answered "run alone"
 * ({@code null}): each caller then makes its own single {@code accept_inbound} call on its own
 * thread, so one poisoned member fails only itself, and the others are stored as they would be
 * without group commit. The result of each call is exactly what the single call returns.
 */
final class InboundGroupCommit implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InboundGroupCommit.class);

    /** The columns of a batch, in {@code accept_inbound}'s parameter order, with their casts. */
    static final List<String> COLUMNS = List.of("message_id", "contact_id", "conversation_id", "tenant_id", "agent_id",
            "account_id", "channel", "channel_user_id", "display_name", "phone", "contact_expires_at::timestamptz",
            "external_id", "type", "text", "media::jsonb", "reply_to", "raw", "received_at::timestamptz",
            "now::timestamptz", "contact_attributes::jsonb");

    private static final String BATCH_SQL = batchSql();

    /**
     * @param writers  writer threads (each holds at most one connection while it writes)
     * @param maxBatch the most messages one transaction stores
     * @param linger   how long a writer waits for more messages once it has one, while the previous batch
     *                 had more than one (under load); zero never waits
     */
    record Settings(int writers, int maxBatch, Duration linger) {
        static final Settings DEFAULT = new Settings(2, 64, Duration.ofMillis(2));

        Settings {
            if (writers < 1 || maxBatch < 1 || linger == null || linger.isNegative()) {
                throw new IllegalArgumentException("group commit needs writers ≥ 1, maxBatch ≥ 1, linger ≥ 0");
            }
        }
    }

    /** One message to store: the values of {@link #COLUMNS} (timestamps and JSON as text); {@code lockKey} orders a batch. */
    record Member(List<String> values, String lockKey, CompletableFuture<String> result) {}

    private final Supplier<HikariDataSource> connect;
    private HikariDataSource dataSource; // opened by the first batch: a process that never stores inbound messages opens none
    private Jdbi jdbi;
    private final Settings settings;
    private final LinkedBlockingQueue<Member> queue = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong fallbacks = new AtomicLong();
    private volatile boolean running = true;

    /** @param connect opens the writers' own pool ({@link Settings#writers} connections) when the first batch comes */
    InboundGroupCommit(Supplier<HikariDataSource> connect, Settings settings) {
        this.connect = connect;
        this.settings = settings;
        for (int i = 0; i < settings.writers(); i++) {
            threads.add(Thread.ofPlatform().daemon().name("switchboard-inbound-commit-" + i).start(this::loop));
        }
    }

    /**
     * Stores one message in the next batch and waits for its commit.
     *
     * @return {@code accept_inbound}'s answer as JSON text, or null when the batch failed and the caller
     *         must make the single call itself
     */
    String accept(List<String> values, String lockKey) {
        if (values.size() != COLUMNS.size()) throw new IllegalArgumentException("expected " + COLUMNS.size() + " values");
        if (!running) return null;
        Member m = new Member(values, lockKey, new CompletableFuture<>());
        queue.add(m);
        if (!running && queue.remove(m)) return null; // closed meanwhile: nobody will write it
        return m.result().join();
    }

    private void loop() {
        List<Member> batch = new ArrayList<>(settings.maxBatch());
        int lastSize = 0;
        while (running || !queue.isEmpty()) {
            try {
                Member first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, settings.maxBatch() - 1);
                if (lastSize > 1 && !settings.linger().isZero()) gather(batch);
                lastSize = batch.size();
                write(batch);
            } catch (InterruptedException e) {
                // close() interrupts an idle writer; the loop condition decides
            } catch (RuntimeException | Error e) {
                log.error("inbound group commit writer failed; its batch's callers store their messages alone", e);
                batch.forEach(m -> m.result().complete(null));
            } finally {
                batch.clear();
            }
        }
    }

    /** Waits up to the linger time for the batch to fill. */
    private void gather(List<Member> batch) throws InterruptedException {
        long deadline = System.nanoTime() + settings.linger().toNanos();
        while (batch.size() < settings.maxBatch()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return;
            Member next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) return;
            batch.add(next);
            queue.drainTo(batch, settings.maxBatch() - batch.size());
        }
    }

    private void write(List<Member> batch) {
        List<Member> ordered = new ArrayList<>(batch);
        ordered.sort(Comparator.comparing(Member::lockKey)); // stable: one contact's messages keep their order
        Map<Long, String> results;
        try {
            results = jdbi().withHandle(h -> {
                var query = h.createQuery(BATCH_SQL);
                for (int c = 0; c < COLUMNS.size(); c++) {
                    int column = c;
                    query.bindArray("c" + c, String.class, ordered.stream().map(m -> m.values().get(column)).toList());
                }
                Map<Long, String> byOrdinal = new HashMap<>();
                query.map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2))).forEach(e -> byOrdinal.put(e.getKey(), e.getValue()));
                return byOrdinal;
            });
        } catch (RuntimeException e) {
            fallbacks.addAndGet(ordered.size());
            log.warn("a group commit of {} inbound messages failed ({}); each is stored alone", ordered.size(), rootMessage(e));
            ordered.forEach(m -> m.result().complete(null));
            return;
        }
        batches.incrementAndGet();
        stored.addAndGet(ordered.size());
        for (int i = 0; i < ordered.size(); i++) {
            ordered.get(i).result().complete(results.get((long) i + 1)); // a missing row (never expected) means: run alone
        }
    }

    private synchronized Jdbi jdbi() {
        if (jdbi == null) {
            if (!running) throw new IllegalStateException("closed");
            dataSource = connect.get();
            jdbi = Jdbi.create(dataSource);
        }
        return jdbi;
    }

    private static String batchSql() {
        StringBuilder arrays = new StringBuilder(), names = new StringBuilder(), call = new StringBuilder();
        for (int c = 0; c < COLUMNS.size(); c++) {
            String column = COLUMNS.get(c);
            int cast = column.indexOf("::");
            String name = cast < 0 ? column : column.substring(0, cast);
            if (c > 0) {
                arrays.append(", ");
                names.append(", ");
                call.append(", ");
            }
            arrays.append(":c").append(c).append("::text[]");
            names.append(name);
            call.append("u.").append(column);
        }
        return "SELECT u.ord, accept_inbound(" + call + ")::text FROM unnest(" + arrays + ") WITH ORDINALITY AS u("
                + names + ", ord)";
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root.getMessage();
    }

    /** Messages waiting for a writer. */
    int queued() {
        return queue.size();
    }

    /** Messages stored through batches, batches committed, and members that fell back to a single call. */
    long[] counters() {
        return new long[] {stored.get(), batches.get(), fallbacks.get()};
    }

    /** Stores what is queued, then stops the writers; callers arriving later store alone. */
    @Override
    public void close() {
        running = false;
        for (Thread t : threads) {
            try {
                t.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Member left;
        while ((left = queue.poll()) != null) left.result().complete(null);
        synchronized (this) {
            if (dataSource != null) dataSource.close();
        }
    }
}
