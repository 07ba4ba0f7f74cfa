package dev.switchboard.adapters.postgres;

import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of a SQL function's calls: concurrent callers queue their call's arguments here and
 * wait; writer threads, each on a connection of its own, take what is queued (up to
 * {@link GroupCommit.Settings#maxBatch}, waiting up to {@link GroupCommit.Settings#linger} for more while the
 * last batch had company) and make all the calls with <b>one statement, one transaction, one commit</b>:
 * the function called for each row of the unnested arrays (or, for {@link #inbound}, one batch function
 * given the arrays), in the order of the members' keys (two
 * batches lock rows in one order, so they do not deadlock each other). A caller is answered only when
 * the commit holding its call returned. The queue, the writers and the failure policy are
 * {@link GroupCommit}'s; this class writes a batch. Two are used:
 * <ul>
 *   <li>{@link #inbound}: {@code accept_inbound}, keyed by contact (webhook requests), its batch one call of
 *       {@code accept_inbound_batch} (V19): customers' first messages by set-based inserts, the rest by
 *       {@code accept_inbound}, one each, in key order after them;</li>
 *   <li>{@link #paidReplies}: {@code record_paid_reply_grouped} (V15), keyed by tenant, then conversation
 *       (turns recording their reply and its charge: a tenant's turns then pay one WAL flush per group
 *       instead of one each, in a row, behind the tenant's credits row).</li>
 * </ul>
 *
 * <p>When the batch statement fails (one member the database refuses, a deadlock, a lost
 * connection) nothing of it was committed, and every member is answered "run alone"
 * ({@code null}), as is a member whose function answered NULL: each caller then makes its own single
 * call on its own thread, so one poisoned member fails only itself, and the others are stored as they
 * would be without group commit.
 */
final class CallGroupCommit implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallGroupCommit.class);

    /** {@code accept_inbound}'s parameters, in order, with their casts (the values are bound as text). */
    static final List<String> INBOUND_COLUMNS = List.of("message_id", "contact_id", "conversation_id", "tenant_id", "agent_id",
            "account_id", "channel", "channel_user_id", "display_name", "phone", "contact_expires_at::timestamptz",
            "external_id", "type", "text", "media::jsonb", "reply_to", "raw", "received_at::timestamptz",
            "now::timestamptz", "contact_attributes::jsonb");

    /** {@code append_outbound}'s parameters (V12), in order, with their casts. */
    static final List<String> OUTBOUND_COLUMNS = List.of("message_id", "conversation_id", "sender", "type", "text",
            "media::jsonb", "external_id", "reply_to", "status", "raw", "input_tokens::bigint", "output_tokens::bigint",
            "total_tokens::bigint", "now::timestamptz", "expected::bigint", "new_watermark::bigint", "model_conversation_id");

    /** {@code record_paid_reply}'s (V13) and {@code record_paid_reply_grouped}'s (V15): the outbound ones, then the charge. */
    static final List<String> PAID_REPLY_COLUMNS = Stream.concat(OUTBOUND_COLUMNS.stream(), Stream.of(
            "tenant_id", "ledger_id", "cost::bigint", "minimum::bigint", "reference", "charge_input_tokens::bigint",
            "charge_output_tokens::bigint", "charge_total_tokens::bigint")).toList();

    /** Two writers (each holds at most one connection while it writes), 64 messages a batch, 2 ms linger while busy. */
    static final GroupCommit.Settings INBOUND_SETTINGS = new GroupCommit.Settings(2, 64, Duration.ofMillis(2));

    /**
     * One writer: a tenant's groups queue on its credits row anyway, and turns waiting for the writer
     * form the next group meanwhile; no linger (a turn's reply is not held back to fill a group).
     */
    static final GroupCommit.Settings PAID_REPLY_SETTINGS = new GroupCommit.Settings(1, 64, Duration.ZERO);

    /** One call: its arguments, in the columns' order (timestamps and JSON as text); {@code lockKey} orders a batch. */
    record Member(List<String> values, String lockKey) {}

    private final List<String> columns;
    private final Jdbc.Named batchSql;
    private final LazyPool pool;
    private final GroupCommit<Member, String> commit;

    /**
     * @param function the SQL function called once per member; it answers jsonb, or NULL for "run alone"
     * @param columns  its parameters, in order, each with its cast when it is not text
     * @param name     names the writer threads ({@code switchboard-<name>-commit-<i>})
     * @param members  what the members are, plural, for the log
     * @param connect  opens the writers' own pool ({@link GroupCommit.Settings#writers} connections) when the first batch comes
     */
    CallGroupCommit(String function, List<String> columns, String name, String members, Supplier<HikariDataSource> connect,
                    GroupCommit.Settings settings) {
        this(columns, batchSql(function, columns), name, members, connect, settings);
    }

    /** @param batchSql the batch's statement: the columns bound as {@code :c0::text[]}…, answering (1-based position, answer) */
    private CallGroupCommit(List<String> columns, String batchSql, String name, String members,
                            Supplier<HikariDataSource> connect, GroupCommit.Settings settings) {
        this.columns = columns;
        this.batchSql = Jdbc.Named.parse(batchSql);
        this.pool = new LazyPool(connect);
        this.commit = new GroupCommit<>(settings, i -> "switchboard-" + name + "-commit-" + i, members, log, this::write);
    }

    /**
     * {@code accept_inbound} calls: inbound messages from webhook requests, keyed by contact. A batch is one
     * call of {@code accept_inbound_batch} (V19), which stores customers' first messages with set-based
     * inserts and calls {@code accept_inbound} for the rest.
     */
    static CallGroupCommit inbound(Supplier<HikariDataSource> connect, GroupCommit.Settings settings) {
        return new CallGroupCommit(INBOUND_COLUMNS,
                "SELECT b.ord, b.answer FROM accept_inbound_batch(" + arrays(INBOUND_COLUMNS.size()) + ") AS b",
                "inbound", "inbound messages", connect, settings);
    }

    /** {@code record_paid_reply_grouped} calls (V15): turns' replies and charges, keyed by tenant, then conversation. */
    static CallGroupCommit paidReplies(Supplier<HikariDataSource> connect, GroupCommit.Settings settings) {
        return new CallGroupCommit("record_paid_reply_grouped", PAID_REPLY_COLUMNS, "paid-reply", "paid replies", connect, settings);
    }

    /** The single call of {@code function} with {@code columns} bound as {@code :c0}, {@code :c1}…, answering its jsonb as text. */
    static String singleCallSql(String function, List<String> columns) {
        StringBuilder call = new StringBuilder("SELECT ").append(function).append('(');
        for (int c = 0; c < columns.size(); c++) call.append(c == 0 ? "" : ", ").append(":c").append(c).append(cast(columns.get(c)));
        return call.append(")::text").toString();
    }

    /** A column's cast ({@code "::bigint"}), or "" for text. */
    private static String cast(String column) {
        int cast = column.indexOf("::");
        return cast < 0 ? "" : column.substring(cast);
    }

    /**
     * Makes one call in the next batch and waits for its commit.
     *
     * @return the function's answer as JSON text, or null when the batch failed or the function answered
     *         NULL, and the caller must make the single call itself
     */
    String call(List<String> values, String lockKey) {
        if (values.size() != columns.size()) throw new IllegalArgumentException("expected " + columns.size() + " values");
        return commit.submit(new Member(values, lockKey));
    }

    /** One statement for the batch, its rows in key order; the answers back in the batch's order. */
    private List<String> write(List<Member> batch) {
        // stable: members with one key (one contact's messages) keep their order
        List<Integer> order = IntStream.range(0, batch.size()).boxed()
                .sorted(Comparator.comparing(i -> batch.get(i).lockKey())).toList();
        Jdbc.Bound query = batchSql.bind();
        for (int c = 0; c < columns.size(); c++) {
            int column = c;
            query.textArray("c" + c, order.stream().map(i -> batch.get(i).values().get(column)).toList());
        }
        // The statement autocommitted before its rows are read: from here on nothing may throw, or GroupCommit would
        // have every member of a stored batch stored again alone (a paid reply recorded and charged, then answered
        // "moved"). A NULL answer (a member to run alone) is a row like any other; a missing one leaves null too.
        String[] results = new String[batch.size()];
        pool.db().query(query, rs -> {
            int k = (int) rs.getLong(1) - 1;
            results[order.get(k)] = rs.getString(2);
            return null;
        });
        return Arrays.asList(results);
    }

    private static String batchSql(String function, List<String> columns) {
        StringBuilder names = new StringBuilder(), call = new StringBuilder();
        for (int c = 0; c < columns.size(); c++) {
            String column = columns.get(c);
            String name = column.substring(0, column.length() - cast(column).length());
            if (c > 0) {
                names.append(", ");
                call.append(", ");
            }
            names.append(name);
            call.append("u.").append(column);
        }
        return "SELECT u.ord, " + function + "(" + call + ")::text FROM unnest(" + arrays(columns.size()) + ") WITH ORDINALITY AS u("
                + names + ", ord)";
    }

    /** The batch's {@code count} arrays as parameters: {@code :c0::text[], :c1::text[], …} ({@link #write} binds them). */
    private static String arrays(int count) {
        StringBuilder arrays = new StringBuilder();
        for (int c = 0; c < count; c++) arrays.append(c == 0 ? "" : ", ").append(":c").append(c).append("::text[]");
        return arrays.toString();
    }

    /** Members waiting for a writer. */
    int queued() {
        return commit.queued();
    }

    /** Members stored through batches, batches committed, and members that fell back to a single call. */
    long[] counters() {
        return new long[] {commit.committed(), commit.batches(), commit.fallbacks()};
    }

    /** Stores what is queued, then stops the writers; callers arriving later store alone. */
    @Override
    public void close() {
        pool.refuseNew();
        commit.close();
        pool.close();
    }
}
