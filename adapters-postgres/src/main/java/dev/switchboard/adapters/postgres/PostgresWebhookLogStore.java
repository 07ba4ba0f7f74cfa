package dev.switchboard.adapters.postgres;

import static dev.switchboard.adapters.postgres.Sql.ts;

import dev.switchboard.core.domain.WebhookLogEntry;
import dev.switchboard.core.store.WebhookLogStore;
import dev.switchboard.core.support.Ids;
import dev.switchboard.core.support.InvalidInputException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.statement.StatementContext;

/** The webhook log. {@code recent(null, …)} lists every tenant's entries (for events no tenant owns). */
final class PostgresWebhookLogStore implements WebhookLogStore {
    /** 9 parameters a row: 1,000 rows stay far below PostgreSQL's 65,535 parameters a statement. */
    static final int ROWS_PER_INSERT = 1_000;
    private static final Jdbc.Named INSERT = Jdbc.Named.parse("INSERT INTO webhook_logs (id, tenant_id, channel, provider, event_type, success, error, payload, processed_at)"
            + " SELECT * FROM unnest(:id::text[], :tenant::text[], :channel::text[], :provider::text[], :event::text[],"
            + " :success::boolean[], :error::text[], :payload::text[], :at::timestamptz[])");

    private final Db db;
    private final Clock clock;
    private final Ids ids;

    PostgresWebhookLogStore(Db db, Clock clock, Ids ids) {
        this.db = db;
        this.clock = clock;
        this.ids = ids;
    }

    @Override
    public void record(WebhookLogEntry e) {
        if (e == null || e.channel() == null || e.eventType() == null) {
            throw new InvalidInputException("event_type", "channel and event type are required");
        }
        db.run(h -> h.createUpdate("""
                        INSERT INTO webhook_logs (id, tenant_id, channel, provider, event_type, success, error, payload, processed_at)
                        VALUES (:id, :tenant, :channel, :provider, :eventType, :success, :error, :payload, :processedAt::timestamptz)""")
                .bind("id", e.id() == null ? ids.next("wh") : e.id())
                .bind("tenant", e.tenantId())
                .bind("channel", e.channel())
                .bind("provider", e.provider())
                .bind("eventType", e.eventType())
                .bind("success", e.success())
                .bind("error", e.error())
                .bind("payload", e.payload())
                .bind("processedAt", ts(e.processedAt() == null ? clock.instant() : e.processedAt()))
                .execute());
    }

    /** One INSERT of column arrays per {@value #ROWS_PER_INSERT} entries, all in one transaction. */
    @Override
    public void recordAll(List<WebhookLogEntry> entries) {
        for (WebhookLogEntry e : entries) {
            if (e == null || e.channel() == null || e.eventType() == null) {
                throw new InvalidInputException("event_type", "channel and event type are required");
            }
        }
        if (entries.isEmpty()) return;
        db.inTransaction(connection -> {
            for (int from = 0; from < entries.size(); from += ROWS_PER_INSERT) {
                List<WebhookLogEntry> rows = entries.subList(from, Math.min(entries.size(), from + ROWS_PER_INSERT));
                // one statement text whatever the row count (column arrays), so it is parsed and planned once
                Db.execute(connection, INSERT.bind()
                        .textArray("id", rows.stream().map(e -> e.id() == null ? ids.next("wh") : e.id()).toList())
                        .textArray("tenant", rows.stream().map(WebhookLogEntry::tenantId).toList())
                        .textArray("channel", rows.stream().map(WebhookLogEntry::channel).toList())
                        .textArray("provider", rows.stream().map(WebhookLogEntry::provider).toList())
                        .textArray("event", rows.stream().map(WebhookLogEntry::eventType).toList())
                        .boolArray("success", rows.stream().map(WebhookLogEntry::success).toList())
                        .textArray("error", rows.stream().map(WebhookLogEntry::error).toList())
                        .textArray("payload", rows.stream().map(WebhookLogEntry::payload).toList())
                        .textArray("at", rows.stream().map(e -> (e.processedAt() == null ? clock.instant() : e.processedAt()).toString()).toList()));
            }
        });
    }

    @Override
    public List<WebhookLogEntry> recent(String tenantId, int limit) {
        String where = tenantId == null ? "" : " WHERE tenant_id = :tenant";
        return db.call(h -> {
            var query = h.createQuery("SELECT * FROM webhook_logs" + where + " ORDER BY processed_at DESC, row_no DESC LIMIT :limit")
                    .bind("limit", Math.max(limit, 0));
            if (tenantId != null) query.bind("tenant", tenantId);
            return query.map(PostgresWebhookLogStore::map).list();
        });
    }

    @Override
    public List<WebhookLogEntry> find(dev.switchboard.core.store.WebhookLogQuery q) {
        StringBuilder sql = new StringBuilder("SELECT * FROM webhook_logs WHERE ")
                .append(q.tenantId() == null ? "tenant_id IS NULL" : "tenant_id = :tenant");
        if (q.channel() != null) sql.append(" AND channel = :channel");
        if (q.provider() != null) sql.append(" AND provider = :provider");
        if (q.success() != null) sql.append(" AND success = :success");
        sql.append(" ORDER BY processed_at DESC, row_no DESC LIMIT :limit OFFSET :offset");
        return db.call(h -> {
            var query = h.createQuery(sql.toString()).bind("limit", q.limit()).bind("offset", q.offset());
            if (q.tenantId() != null) query.bind("tenant", q.tenantId());
            if (q.channel() != null) query.bind("channel", q.channel());
            if (q.provider() != null) query.bind("provider", q.provider());
            if (q.success() != null) query.bind("success", q.success().booleanValue());
            return query.map(PostgresWebhookLogStore::map).list();
        });
    }

    @Override
    public int deleteOlderThan(java.time.Instant before, int limit) {
        if (before == null) throw new InvalidInputException("before", "is required");
        return db.call(h -> h.createUpdate("""
                        DELETE FROM webhook_logs WHERE row_no IN (
                            SELECT row_no FROM webhook_logs WHERE processed_at < :before::timestamptz
                            ORDER BY processed_at LIMIT :limit)""")
                .bind("before", ts(before))
                .bind("limit", Math.max(limit, 0))
                .execute());
    }

    private static WebhookLogEntry map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new WebhookLogEntry(rs.getString("id"), rs.getString("tenant_id"), rs.getString("channel"),
                rs.getString("provider"), rs.getString("event_type"), rs.getBoolean("success"), rs.getString("error"), rs.getString("payload"),
                Sql.instant(rs, "processed_at"));
    }
}
