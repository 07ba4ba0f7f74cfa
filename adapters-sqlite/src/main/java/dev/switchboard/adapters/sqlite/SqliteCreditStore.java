package dev.switchboard.adapters.sqlite;


import dev.switchboard.core.domain.CreditEntry;
import dev.switchboard.core.domain.Usage;
import dev.switchboard.core.store.CreditStore;
import dev.switchboard.core.support.Ids;
import dev.switchboard.core.support.InvalidInputException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Balances and their ledger. Each change is one write transaction: the balance update (or upsert)
 * and the ledger row, so both happen or neither does. A deduction is a conditional
 * {@code UPDATE … WHERE balance >= amount}; writers run one at a time ({@link Db#write}), so each
 * deduction sees the balance the previous one left, and a CHECK constraint keeps it from going below zero.
 */
final class SqliteCreditStore implements CreditStore {
    private final Db db;
    private final Clock clock;
    private final Ids ids;

    SqliteCreditStore(Db db, Clock clock, Ids ids) {
        this.db = db;
        this.clock = clock;
        this.ids = ids;
    }

    @Override
    public long balance(String tenantId) {
        return db.read(h -> h.createQuery("SELECT balance FROM credits WHERE tenant_id = :tenant")
                .bind("tenant", tenantId)
                .mapTo(Long.class)
                .findOne()
                .orElse(0L));
    }

    @Override
    public long add(String tenantId, long amount, String kind, String reference) {
        if (amount < 0) throw new InvalidInputException("amount", "must not be negative");
        if (kind == null || kind.isBlank()) throw new InvalidInputException("kind", "is required");
        return db.write(h -> {
            Instant now = clock.instant();
            long balance = h.createQuery("""
                            INSERT INTO credits (tenant_id, balance, updated_at) VALUES (:tenant, :amount, :now)
                            ON CONFLICT (tenant_id)
                            DO UPDATE SET balance = credits.balance + excluded.balance, updated_at = excluded.updated_at
                            RETURNING balance""")
                    .bind("tenant", tenantId)
                    .bind("amount", amount)
                    .bind("now", Sql.micros(now))
                    .mapTo(Long.class)
                    .one();
            ledger(h, tenantId, amount, balance, kind, reference, null, now);
            return balance;
        });
    }

    @Override
    public boolean tryDeduct(String tenantId, long amount, String reference, Usage usage) {
        if (amount < 0) throw new InvalidInputException("amount", "must not be negative");
        return db.write(h -> {
            Instant now = clock.instant();
            Optional<Long> after = h.createQuery("UPDATE credits SET balance = balance - :amount, updated_at = :now"
                            + " WHERE tenant_id = :tenant AND balance >= :amount RETURNING balance")
                    .bind("tenant", tenantId)
                    .bind("amount", amount)
                    .bind("now", Sql.micros(now))
                    .mapTo(Long.class)
                    .findOne();
            after.ifPresent(balance -> ledger(h, tenantId, -amount, balance, "deduction", reference, usage, now));
            return after.isPresent();
        });
    }

    /** The ledger row of a change, written in the same transaction as the balance. */
    private void ledger(Handle h, String tenantId, long delta, long balanceAfter, String kind, String reference,
                        Usage usage, Instant now) {
        h.createUpdate("""
                        INSERT INTO credit_ledger (id, tenant_id, delta, balance_after, kind, reference,
                                                   input_tokens, output_tokens, total_tokens, created_at)
                        VALUES (:id, :tenant, :delta, :after, :kind, :reference, :inputTokens, :outputTokens, :totalTokens, :now)""")
                .bind("id", ids.next("cred"))
                .bind("tenant", tenantId)
                .bind("delta", delta)
                .bind("after", balanceAfter)
                .bind("kind", kind)
                .bind("reference", reference)
                .bind("inputTokens", usage == null ? null : usage.inputTokens())
                .bind("outputTokens", usage == null ? null : usage.outputTokens())
                .bind("totalTokens", usage == null ? null : usage.totalTokens())
                .bind("now", Sql.micros(now))
                .execute();
    }

    @Override
    public List<CreditEntry> ledger(String tenantId, int limit) {
        return db.read(h -> h.createQuery("SELECT * FROM credit_ledger WHERE tenant_id = :tenant ORDER BY entry_no DESC LIMIT :limit")
                .bind("tenant", tenantId)
                .bind("limit", Math.max(limit, 0))
                .map(SqliteCreditStore::map)
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
