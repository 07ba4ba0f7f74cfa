package dev.switchboard.adapters.sqlite;


import dev.switchboard.core.domain.Extraction;
import dev.switchboard.core.store.ExtractionStore;
import dev.switchboard.core.support.Ids;
import dev.switchboard.core.support.InvalidInputException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** Lead extractions, one row each; "latest" is the last row added for the conversation. */
final class SqliteExtractionStore implements ExtractionStore {
    private final Db db;
    private final Clock clock;
    private final Ids ids;

    SqliteExtractionStore(Db db, Clock clock, Ids ids) {
        this.db = db;
        this.clock = clock;
        this.ids = ids;
    }

    @Override
    public Extraction add(Extraction e) {
        if (e == null || e.tenantId() == null || e.conversationId() == null) {
            throw new InvalidInputException("conversation_id", "tenant and conversation are required");
        }
        score("urgency", e.urgency());
        score("budget", e.budget());
        score("fit", e.fit());
        score("engagement", e.engagement());
        return db.write(h -> h.createQuery("""
                        INSERT INTO extractions (id, tenant_id, conversation_id, name, email, company, intent, urgency, budget,
                                                 fit, engagement, demo_datetime, smart_notification, through_seq, extracted_at)
                        VALUES (:id, :tenant, :conversation, :name, :email, :company, :intent, :urgency, :budget, :fit,
                                :engagement, :demo, :notification, :throughSeq, :extractedAt)
                        RETURNING *""")
                .bind("id", e.id() == null ? ids.next("ext") : e.id())
                .bind("tenant", e.tenantId())
                .bind("conversation", e.conversationId())
                .bind("name", e.name())
                .bind("email", e.email())
                .bind("company", e.company())
                .bind("intent", e.intent())
                .bind("urgency", e.urgency())
                .bind("budget", e.budget())
                .bind("fit", e.fit())
                .bind("engagement", e.engagement())
                .bind("demo", Sql.micros(e.demoDatetime()))
                .bind("notification", e.smartNotification())
                .bind("throughSeq", e.throughSeq())
                .bind("extractedAt", Sql.micros(e.extractedAt() == null ? clock.instant() : e.extractedAt()))
                .map(SqliteExtractionStore::map)
                .one());
    }

    private static void score(String field, Integer value) {
        if (value != null && (value < 1 || value > 3)) throw new InvalidInputException(field, "must be between 1 and 3");
    }

    @Override
    public Optional<Extraction> latest(String conversationId) {
        return db.read(h -> h.createQuery("SELECT * FROM extractions WHERE conversation_id = :conversation"
                        + " ORDER BY row_no DESC LIMIT 1")
                .bind("conversation", conversationId)
                .map(SqliteExtractionStore::map)
                .findOne());
    }

    @Override
    public List<Extraction> list(String tenantId, String conversationId, int limit, int offset) {
        return db.read(h -> h.createQuery("SELECT * FROM extractions WHERE tenant_id = :tenant"
                        + " AND (:conversation IS NULL OR conversation_id = :conversation)"
                        + " ORDER BY row_no DESC LIMIT :limit OFFSET :offset")
                .bind("tenant", tenantId)
                .bind("conversation", conversationId)
                .bind("limit", Math.max(limit, 0))
                .bind("offset", Math.max(offset, 0))
                .map(SqliteExtractionStore::map)
                .list());
    }

    private static Extraction map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Extraction(
                rs.getString("id"),
                rs.getString("tenant_id"),
                rs.getString("conversation_id"),
                rs.getString("name"),
                rs.getString("email"),
                rs.getString("company"),
                rs.getString("intent"),
                Sql.nullableInt(rs, "urgency"),
                Sql.nullableInt(rs, "budget"),
                Sql.nullableInt(rs, "fit"),
                Sql.nullableInt(rs, "engagement"),
                Sql.instant(rs, "demo_datetime"),
                rs.getString("smart_notification"),
                rs.getLong("through_seq"),
                Sql.instant(rs, "extracted_at"));
    }
}
