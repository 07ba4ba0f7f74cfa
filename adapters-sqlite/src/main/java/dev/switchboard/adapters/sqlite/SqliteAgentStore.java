package dev.switchboard.adapters.sqlite;


import dev.switchboard.core.domain.Agent;
import dev.switchboard.core.store.AgentStore;
import dev.switchboard.core.support.InvalidInputException;
import dev.switchboard.core.support.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;

/** Agents. One agent per channel account is the unique index on {@code channel_account_id}. */
final class SqliteAgentStore implements AgentStore {
    private static final String COLUMNS = """
            id, tenant_id, channel_account_id, name, prompt_id, prompt_version, instructions, model, greeting,
            fallback_reply, debounce_ms, tools, pause_on_human_reply, extraction_interval_ms, settings, created_at, updated_at""";
    private static final String VALUES = """
            :id, :tenant, :account, :name, :promptId, :promptVersion, :instructions, :model, :greeting,
            :fallbackReply, :debounceMs, :tools, :pauseOnHumanReply, :extractionIntervalMs, :settings,
            :createdAt, :updatedAt""";

    private final Db db;
    private final Clock clock;

    SqliteAgentStore(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public Agent create(Agent agent) {
        validate(agent);
        return db.write(h -> bindAll(h.createQuery("INSERT INTO agents (" + COLUMNS + ") VALUES (" + VALUES + ") RETURNING *"), agent)
                        .map(SqliteAgentStore::map)
                        .one(),
                conflict(agent));
    }

    @Override
    public Optional<Agent> find(String agentId) {
        return db.read(h -> h.createQuery("SELECT * FROM agents WHERE id = :id")
                .bind("id", agentId)
                .map(SqliteAgentStore::map)
                .findOne());
    }

    @Override
    public Optional<Agent> findByChannelAccount(String channelAccountId) {
        return db.read(h -> h.createQuery("SELECT * FROM agents WHERE channel_account_id = :account")
                .bind("account", channelAccountId)
                .map(SqliteAgentStore::map)
                .findOne());
    }

    @Override
    public List<Agent> list(String tenantId) {
        return db.read(h -> h.createQuery("SELECT * FROM agents WHERE tenant_id = :tenant ORDER BY created_at, id")
                .bind("tenant", tenantId)
                .map(SqliteAgentStore::map)
                .list());
    }

    @Override
    public Agent update(Agent agent) {
        validate(agent);
        return db.write(h -> bindAll(h.createQuery("UPDATE agents SET (" + COLUMNS + ") = (" + VALUES + ") WHERE id = :id RETURNING *"), agent)
                        .map(SqliteAgentStore::map)
                        .findOne(),
                conflict(agent))
                .orElseThrow(() -> new NotFoundException("agent", agent.id()));
    }

    @Override
    public boolean delete(String agentId) {
        return db.write(h -> h.createUpdate("DELETE FROM agents WHERE id = :id").bind("id", agentId).execute()) > 0;
    }

    private static void validate(Agent agent) {
        if (agent == null || agent.id() == null || agent.id().isBlank()) throw new InvalidInputException("agent_id", "is required");
        if (agent.tenantId() == null) throw new InvalidInputException("user_id", "is required");
        if (agent.name() == null || agent.name().isBlank()) throw new InvalidInputException("name", "is required");
        if (agent.debounceMs() < 0) throw new InvalidInputException("debounce_ms", "must not be negative");
    }

    private static Function<String, String> conflict(Agent agent) {
        return constraint -> "agents_pkey".equals(constraint)
                ? "agent exists: " + agent.id()
                : "phone number " + agent.channelAccountId() + " already has an agent";
    }

    private <S extends SqlStatement<S>> S bindAll(S statement, Agent a) {
        Instant now = clock.instant();
        return statement
                .bind("id", a.id())
                .bind("tenant", a.tenantId())
                .bind("account", a.channelAccountId())
                .bind("name", a.name())
                .bind("promptId", a.promptId())
                .bind("promptVersion", a.promptVersion())
                .bind("instructions", a.instructions())
                .bind("model", a.model())
                .bind("greeting", a.greeting())
                .bind("fallbackReply", a.fallbackReply())
                .bind("debounceMs", a.debounceMs())
                .bind("tools", Json.stringSet(a.tools()))
                .bind("pauseOnHumanReply", a.pauseOnHumanReply())
                .bind("extractionIntervalMs", a.extractionIntervalMs())
                .bind("settings", Json.stringMap(a.settings()))
                .bind("createdAt", Sql.micros(a.createdAt() == null ? now : a.createdAt()))
                .bind("updatedAt", Sql.micros(a.updatedAt() == null ? now : a.updatedAt()));
    }

    private static Agent map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Agent(
                rs.getString("id"),
                rs.getString("tenant_id"),
                rs.getString("channel_account_id"),
                rs.getString("name"),
                rs.getString("prompt_id"),
                rs.getString("prompt_version"),
                rs.getString("instructions"),
                rs.getString("model"),
                rs.getString("greeting"),
                rs.getString("fallback_reply"),
                rs.getLong("debounce_ms"),
                Json.stringSet(rs.getString("tools")),
                rs.getBoolean("pause_on_human_reply"),
                Sql.nullableLong(rs, "extraction_interval_ms"),
                Json.stringMap(rs.getString("settings")),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "updated_at"));
    }
}
