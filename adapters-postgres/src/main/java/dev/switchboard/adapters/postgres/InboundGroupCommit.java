package dev.switchboard.adapters.postgres;

import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of {@code accept_inbound} calls: concurrent callers (webhook requests) queue their
 * message here and wait; a few writer threads, each on a connection of its own, take what is
 * queued (up to {@link GroupCommit.Settings#maxBatch}, waiting up to {@link GroupCommit.Settings#linger} for more while the
 * last batch had company) and store it with <b>one statement, one transaction, one commit</b>:
 * {@code accept_inbound} called for each row of the unnested arrays, in the order of the contacts'
 * keys (two batches lock contacts in one order, so they do not deadlock each other). A caller is
 * answered only when the commit holding its message returned. The queue, the writers and the
 * failure policy are {@link GroupCommit}'s; this class writes a batch.
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

    private static final Jdbc.Named BATCH_SQL = Jdbc.Named.parse(batchSql());

    /** Two writers (each holds at most one connection while it writes), 64 messages a batch, 2 ms linger while busy. */
    static final GroupCommit.Settings DEFAULT_SETTINGS = new GroupCommit.Settings(2, 64, Duration.ofMillis(2));

    /** One message to store: the values of {@link #COLUMNS} (timestamps and JSON as text); {@code lockKey} orders a batch. */
    record Member(List<String> values, String lockKey) {}

    private final Supplier<HikariDataSource> connect;
    private HikariDataSource dataSource; // opened by the first batch: a process that never stores inbound messages opens none
    private Db db;
    private boolean closed; // guarded by this: no pool is opened once close() began
    private final GroupCommit<Member, String> commit;

    /** @param connect opens the writers' own pool ({@link GroupCommit.Settings#writers} connections) when the first batch comes */
    InboundGroupCommit(Supplier<HikariDataSource> connect, GroupCommit.Settings settings) {
        this.connect = connect;
        this.commit = new GroupCommit<>(settings,
                i -> "switchboard-inbound-commit-" + i, "inbound messages", log, this::write);
    }

    /**
     * Stores one message in the next batch and waits for its commit.
     *
     * @return {@code accept_inbound}'s answer as JSON text, or null when the batch failed and the caller
     *         must make the single call itself
     */
    String accept(List<String> values, String lockKey) {
        if (values.size() != COLUMNS.size()) throw new IllegalArgumentException("expected " + COLUMNS.size() + " values");
        return commit.submit(new Member(values, lockKey));
    }

    /** One statement for the batch, its rows in contact-key order; the answers back in the batch's order. */
    private List<String> write(List<Member> batch) {
        // stable: one contact's messages keep their order
        List<Integer> order = IntStream.range(0, batch.size()).boxed()
                .sorted(Comparator.comparing(i -> batch.get(i).lockKey())).toList();
        Jdbc.Bound query = BATCH_SQL.bind();
        for (int c = 0; c < COLUMNS.size(); c++) {
            int column = c;
            query.textArray("c" + c, order.stream().map(i -> batch.get(i).values().get(column)).toList());
        }
        Map<Long, String> byOrdinal = new HashMap<>();
        db().query(query, rs -> Map.entry(rs.getLong(1), rs.getString(2))).forEach(e -> byOrdinal.put(e.getKey(), e.getValue()));
        String[] results = new String[batch.size()];
        for (int k = 0; k < order.size(); k++) results[order.get(k)] = byOrdinal.get((long) k + 1); // missing: run alone
        return Arrays.asList(results);
    }

    private synchronized Db db() {
        if (db == null) {
            if (closed) throw new IllegalStateException("closed");
            dataSource = connect.get();
            db = new Db(dataSource);
        }
        return db;
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

    /** Messages waiting for a writer. */
    int queued() {
        return commit.queued();
    }

    /** Messages stored through batches, batches committed, and members that fell back to a single call. */
    long[] counters() {
        return new long[] {commit.committed(), commit.batches(), commit.fallbacks()};
    }

    /** Stores what is queued, then stops the writers; callers arriving later store alone. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        commit.close();
        synchronized (this) {
            if (dataSource != null) dataSource.close();
        }
    }
}
