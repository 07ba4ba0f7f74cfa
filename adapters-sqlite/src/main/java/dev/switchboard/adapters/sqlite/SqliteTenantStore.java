package dev.switchboard.adapters.sqlite;


import dev.switchboard.core.domain.CreditPolicy;
import dev.switchboard.core.domain.Tenant;
import dev.switchboard.core.store.TenantStore;
import dev.switchboard.core.support.InvalidInputException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** Tenants; creating one also opens its credit balance at zero (seed 001's credits row). */
final class SqliteTenantStore implements TenantStore {
    private final Db db;
    private final Clock clock;

    SqliteTenantStore(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public Tenant create(Tenant tenant) {
        if (tenant == null || tenant.id() == null || tenant.id().isBlank()) throw new InvalidInputException("id", "is required");
        return db.write(h -> {
                    Tenant created = h.createQuery("""
                                    INSERT INTO tenants (id, email, company_name, credit_policy, created_at)
                                    VALUES (:id, :email, :company, :policy, :createdAt)
                                    RETURNING *""")
                            .bind("id", tenant.id())
                            .bind("email", tenant.email())
                            .bind("company", tenant.companyName())
                            .bind("policy", tenant.creditPolicy().wire())
                            .bind("createdAt", Sql.micros(tenant.createdAt() == null ? clock.instant() : tenant.createdAt()))
                            .map(SqliteTenantStore::map)
                            .one();
                    h.createUpdate("INSERT INTO credits (tenant_id, balance, updated_at) VALUES (:id, 0, :at)"
                                    + " ON CONFLICT (tenant_id) DO NOTHING")
                            .bind("id", created.id())
                            .bind("at", Sql.micros(created.createdAt()))
                            .execute();
                    return created;
                },
                constraint -> "tenants_email_key".equals(constraint)
                        ? "a user with this email exists"
                        : "user exists: " + tenant.id());
    }

    @Override
    public java.util.List<Tenant> list(int limit, int offset) {
        return db.read(h -> h.createQuery("SELECT * FROM tenants ORDER BY created_at, id LIMIT :limit OFFSET :offset")
                .bind("limit", limit)
                .bind("offset", offset)
                .map(SqliteTenantStore::map)
                .list());
    }

    @Override
    public Optional<Tenant> find(String tenantId) {
        return db.read(h -> h.createQuery("SELECT * FROM tenants WHERE id = :id")
                .bind("id", tenantId)
                .map(SqliteTenantStore::map)
                .findOne());
    }

    @Override
    public boolean any() {
        return db.read(h -> h.createQuery("SELECT EXISTS (SELECT 1 FROM tenants)").mapTo(Integer.class).one()) != 0;
    }

    private static Tenant map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Tenant(rs.getString("id"), rs.getString("email"), rs.getString("company_name"),
                CreditPolicy.fromWire(rs.getString("credit_policy")).orElse(CreditPolicy.PER_REPLY), Sql.instant(rs, "created_at"));
    }
}
