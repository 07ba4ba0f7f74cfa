package dev.switchboard.adapters.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.switchboard.core.crypto.StoredAccountSecrets;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.support.Ids;
import dev.switchboard.core.support.SwitchboardException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Every store port of core on PostgreSQL, and the one place this module is wired:
 * <pre>{@code
 * try (PostgresStores postgres = PostgresStores.start(PostgresConfig.fromEnv(System.getenv()))) {
 *     Stores stores = postgres.stores();
 *     …
 * }
 * }</pre>
 * {@link #start} opens a HikariCP pool and brings the schema up to date with the Flyway migrations
 * in {@code classpath:db/migration} (concurrent starts of several processes are safe: Flyway holds
 * an advisory lock while it migrates). The stores are thread-safe and share the pool.
 */
public final class PostgresStores implements AutoCloseable {
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);

    private final HikariDataSource dataSource;
    /** Has its own connections, opened with the first inbound message: turn work on the main pool never delays storing one. */
    private final CallGroupCommit groupCommit;
    /** Has its own connection, opened with the first paid reply (a process that only ingests opens none). */
    private final CallGroupCommit paidReplies;
    private final Stores stores;
    /** Has its own connections (two writers), opened with the first append. */
    private final PostgresInboundJournal journal;
    private final StoredAccountSecrets accountSecrets;
    private final dev.switchboard.core.store.ApiKeyStore apiKeys;
    /** Has a writer thread (group commit of appends) on the main pool; closed with the stores, as are the logs of {@link #events(int)}. */
    private final PostgresEventLog events;
    private final java.util.List<PostgresEventLog> eventLogs = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.function.IntFunction<PostgresEventLog> eventLog;

    private PostgresStores(HikariDataSource dataSource, PostgresConfig config, GroupCommit.Settings groupCommit,
                           Clock clock, Ids ids, Duration healthTimeout) {
        this.dataSource = dataSource;
        this.groupCommit = groupCommit == null ? null
                : CallGroupCommit.inbound(writers(config, groupCommit, "switchboard-postgres-inbound"), groupCommit);
        GroupCommit.Settings paid = CallGroupCommit.PAID_REPLY_SETTINGS;
        this.paidReplies = groupCommit == null ? null
                : CallGroupCommit.paidReplies(writers(config, paid, "switchboard-postgres-paid-replies"), paid);
        Db db = new Db(dataSource);
        this.journal = new PostgresInboundJournal(db, writers(config, PostgresInboundJournal.SETTINGS, "switchboard-postgres-journal"));
        this.accountSecrets = new PostgresStoredAccountSecrets(db);
        this.apiKeys = new PostgresApiKeyStore(db);
        this.events = new PostgresEventLog(db, clock, dev.switchboard.core.store.EventLog.DEFAULT_RETAINED);
        this.eventLog = retained -> {
            PostgresEventLog log = new PostgresEventLog(db, clock, retained);
            eventLogs.add(log);
            return log;
        };
        this.stores = new Stores(
                new PostgresTenantStore(db, clock),
                new PostgresChannelAccountStore(db, clock),
                new PostgresAgentStore(db, clock),
                new PostgresContactStore(db, clock),
                new PostgresConversationStore(db, clock, ids, this.groupCommit, this.paidReplies),
                new PostgresCreditStore(db, clock, ids),
                new PostgresExtractionStore(db, clock, ids),
                new PostgresWebhookLogStore(db, clock, ids),
                new PostgresHealthCheck(dataSource, healthTimeout));
    }

    /** Opens a group commit's own pool, one connection per writer, filled at once. */
    private static java.util.function.Supplier<HikariDataSource> writers(PostgresConfig config, GroupCommit.Settings settings,
                                                                         String name) {
        return () -> {
            HikariDataSource pool = open(config, settings.writers(), name);
            fill(pool, settings.writers());
            return pool;
        };
    }

    /** Connects, migrates and returns the stores, with the system clock and time-ordered ids. */
    public static PostgresStores start(PostgresConfig config) {
        return start(config, Clock.systemUTC(), Ids.timeOrdered());
    }

    /**
     * Like {@link #start(PostgresConfig)} with the clock that stamps rows and the id source for new rows.
     *
     * @throws SwitchboardException when PostgreSQL cannot be reached within the configured timeout or
     *         the schema cannot be migrated
     */
    public static PostgresStores start(PostgresConfig config, Clock clock, Ids ids) {
        return start(config, clock, ids, CallGroupCommit.INBOUND_SETTINGS);
    }

    /**
     * As {@link #start(PostgresConfig, Clock, Ids)} with the inbound group commit's settings; {@code groupCommit} null stores
     * each inbound message and each paid reply alone.
     */
    static PostgresStores start(PostgresConfig config, Clock clock, Ids ids, GroupCommit.Settings groupCommit) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(ids, "ids");
        migrate(config);
        Duration healthTimeout = config.timeout().compareTo(HEALTH_TIMEOUT) < 0 ? config.timeout() : HEALTH_TIMEOUT;
        return new PostgresStores(open(config, config.poolSize(), "switchboard-postgres"), config, groupCommit, clock, ids, healthTimeout);
    }

    /** On a pool of its own: Flyway holds one connection for its lock and works on another. */
    private static void migrate(PostgresConfig config) {
        try (HikariDataSource migrations = open(config, 2, "switchboard-postgres-migrate")) {
            Flyway.configure()
                    .dataSource(migrations)
                    .locations("classpath:db/migration")
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new SwitchboardException("migrating the PostgreSQL schema failed: " + e.getMessage(), e);
        }
    }

    private static HikariDataSource open(PostgresConfig config, int poolSize, String name) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(name);
        hikari.setJdbcUrl(config.jdbcUrl());
        if (config.user() != null) hikari.setUsername(config.user());
        if (config.password() != null) hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(poolSize);
        hikari.setConnectionTimeout(config.timeout().toMillis());
        // Wait up to the timeout for a database that is still starting (containers started together).
        hikari.setInitializationFailTimeout(config.timeout().toMillis());
        hikari.addDataSourceProperty("connectTimeout", String.valueOf(Math.max(1, config.timeout().toSeconds())));
        hikari.addDataSourceProperty("ApplicationName", "switchboard");
        try {
            return new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new SwitchboardException("cannot connect to PostgreSQL at " + config.jdbcUrl().replaceAll("\\?.*", "")
                    + ": " + rootMessage(e), e);
        }
    }

    /** Opens every connection of a small pool now, rather than in the background while the first webhooks arrive. */
    private static void fill(HikariDataSource pool, int size) {
        java.util.List<java.sql.Connection> held = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < size; i++) held.add(pool.getConnection());
        } catch (java.sql.SQLException e) {
            pool.close();
            throw new SwitchboardException("cannot connect to PostgreSQL: " + rootMessage(e), e);
        } finally {
            for (java.sql.Connection c : held) {
                try {
                    c.close();
                } catch (java.sql.SQLException ignored) {
                    // returned to the pool or evicted: either way the pool is usable
                }
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root.getMessage();
    }

    public Stores stores() {
        return stores;
    }

    /** The tenants' live event log (give it to the engine's {@code events}, on every process sharing this database). */
    public dev.switchboard.core.store.EventLog events() {
        return events;
    }

    /** A log on this database keeping {@code retained} events per tenant (tests of pruning). */
    dev.switchboard.core.store.EventLog events(int retained) {
        return eventLog.apply(retained);
    }

    /** Deliveries verified but not processed yet, for deferred ingest (give it to the engine's {@code journal}). */
    public dev.switchboard.core.store.InboundJournal inboundJournal() {
        return journal;
    }

    /** Tenants' API keys (kept apart from {@link Stores}: only the HTTP server reads them). */
    public dev.switchboard.core.store.ApiKeyStore apiKeys() {
        return apiKeys;
    }

    /** The channel accounts as stored, for {@link dev.switchboard.core.crypto.EncryptingChannelAccountStore#reencryptAll}. */
    public StoredAccountSecrets accountSecrets() {
        return accountSecrets;
    }

    /** Closes the pool. The stores fail once it is closed. */
    @Override
    public void close() {
        if (groupCommit != null) groupCommit.close();
        if (paidReplies != null) paidReplies.close();
        journal.close();
        events.close();
        eventLogs.forEach(PostgresEventLog::close);
        dataSource.close();
    }
}
