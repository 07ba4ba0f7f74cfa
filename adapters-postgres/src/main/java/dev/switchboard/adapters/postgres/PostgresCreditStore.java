package dev.switchboard.adapters.postgres;

import static dev.switchboard.adapters.postgres.Sql.ts;

import dev.switchboard.core.domain.CreditEntry;
import dev.switchboard.core.domain.Usage;
import dev.switchboard.core.store.CreditStore;
import dev.switchboard.core.support.Ids;
import dev.switchboard.core.support.InvalidInputException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Balances and their ledger. Each change is one statement: the balance update (or upsert) in a CTE
 * and the ledger insert reading its {@code RETURNING}, so both happen or neither does. A deduction
 * is a conditional {@code UPDATE … WHERE balance >= amount}: the row lock makes concurrent
 * deductions queue, each re-checking the balance the previous one left, and a CHECK constraint
 * keeps the balance from ever going below zero.
 */
final class PostgresCreditStore implements CreditStore {
    private final Db db;
    private final Clock clock;
    private final Ids ids;

    PostgresCreditStore(Db db, Clock clock, Ids ids) {
        this.db = db;
        this.clock = clock;
        this.ids = ids;
    }

    /** Whether this store's credits are in {@code other}'s database (a conversation store may then charge in its own statement). */
    boolean uses(Db other) {
        return db == other;
    }

    @Override
    public long balance(String tenantId) {
        return db.call(h -> h.createQuery("SELECT balance FROM credits WHERE tenant_id = :tenant")
                .bind("tenant", tenantId)
                .mapTo(Long.class)
                .findOne()
                .orElse(0L));
    }

    @Override
    public long add(String tenantId, long amount, String kind, String reference) {
        if (amount < 0) throw new InvalidInputException("amount", "must not be negative");
        if (kind == null || kind.isBlank()) throw new InvalidInputException("kind", "is required");
        return db.call(h -> h.createQuery("""
                        WITH balance AS (
                            INSERT INTO credits (tenant_id, balance, updated_at) VALUES (:tenant, :amount, :now::timestamptz)
                            ON CONFLICT (tenant_id)
                            DO UPDATE SET balance = credits.balance + EXCLUDED.balance, updated_at = EXCLUDED.updated_at
                            RETURNING balance
                        )
                        INSERT INTO credit_ledger (id, tenant_id, delta, balance_after, kind, reference, created_at)
                        SELECT :id, :tenant, :amount, balance, :kind, :reference, :now::timestamptz FROM balance
                        RETURNING balance_after""")
                .bind("id", ids.next("cred"))
                .bind("tenant", tenantId)
                .bind("amount", amount)
                .bind("kind", kind)
                .bind("reference", reference)
                .bind("now", ts(clock.instant()))
                .mapTo(Long.class)
                .one());
    }

    @Override
    public boolean tryDeduct(String tenantId, long amount, String reference, Usage usage) {
        if (amount < 0) throw new InvalidInputException("amount", "must not be negative");
        Optional<Long> after = db.call(h -> h.createQuery("""
                        WITH balance AS (
                            UPDATE credits SET balance = balance - :amount, updated_at = :now::timestamptz
                             WHERE tenant_id = :tenant AND balance >= :amount
                            RETURNING balance
                        )
                        INSERT INTO credit_ledger (id, tenant_id, delta, balance_after, kind, reference,
                                                   input_tokens, output_tokens, total_tokens, created_at)
                        SELECT :id, :tenant, -:amount, balance, 'deduction', :reference,
                               :inputTokens::bigint, :outputTokens::bigint, :totalTokens::bigint, :now::timestamptz
                          FROM balance
                        RETURNING balance_after""")
                .bind("id", ids.next("cred"))
                .bind("tenant", tenantId)
                .bind("amount", amount)
                .bind("reference", reference)
                .bind("inputTokens", usage == null ? null : usage.inputTokens())
                .bind("outputTokens", usage == null ? null : usage.outputTokens())
                .bind("totalTokens", usage == null ? null : usage.totalTokens())
                .bind("now", ts(clock.instant()))
                .mapTo(Long.class)
                .findOne());
        return after.isPresent();
    }

    @Override
    public List<CreditEntry> ledger(String tenantId, int limit) {
        return db.call(h -> h.createQuery("SELECT * FROM credit_ledger WHERE tenant_id = :tenant ORDER BY entry_no DESC LIMIT :limit")
                .bind("tenant", tenantId)
                .bind("limit", Math.max(limit, 0))
                .map(PostgresCreditStore::map)
                .list());
    }

    private static CreditEntry map(ResultSet rs, StatementContext ctx) throws SQLException {
        Long input = Sql.nullableLong(rs, "input_tokens");
        Long output = Sql.nullableLong(rs, "output_tokens");
        Long total = Sql.nullableLong(rs, "total_tokens");
        Usage usage = input == null && output == null && total == null
                ? null
                : new Usage(input == null ? 0 : input, output == null ? 0 : output, total == null ? 0 : total);
        return new CreditEntry(rs.getString("id"), rs.getString("tenant_id"), rs.getLong("delta"), rs.getLong("balance_after"),
                rs.getString("kind"), rs.getString("reference"), usage, Sql.instant(rs, "created_at"));
    }
}
