package dev.switchboard.adapters.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.switchboard.core.crypto.StoredAccountSecrets;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.support.Ids;
import dev.switchboard.core.support.SwitchboardException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Every store port of core on one SQLite file, and the one place this module is wired:
 * <pre>{@code
 * try (SqliteStores sqlite = SqliteStores.start(SqliteConfig.of(Path.of("data/switchboard.db")))) {
 *     Stores stores = sqlite.stores();
 *     …
 * }
 * }</pre>
 * {@link #start} creates the file's directory if missing, brings the schema up to date with the
 * Flyway migrations in {@code classpath:db/sqlite}, and opens a small pool. Every connection runs in
 * WAL mode (readers never wait for the writer), with foreign keys on, a busy timeout, and
 * {@code BEGIN IMMEDIATE} transactions; {@link Db} lets one write transaction run at a time.
 * {@code synchronous=FULL}: a committed write (an acknowledged webhook) survives a power cut, not
 * only a crash of the process. One process owns the file: the distributed mode needs PostgreSQL.
 */
public final class SqliteStores implements AutoCloseable {
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);

    private final HikariDataSource dataSource;
    private final Path file;
    private final Stores stores;
    private final StoredAccountSecrets accountSecrets;
    private final dev.switchboard.core.store.ApiKeyStore apiKeys;
    private final dev.switchboard.core.store.EventLog events;
    private final java.util.function.IntFunction<dev.switchboard.core.store.EventLog> eventLog;

    private SqliteStores(HikariDataSource dataSource, Path file, Clock clock, Ids ids) {
        this.dataSource = dataSource;
        this.file = file;
        Db db = new Db(Jdbi.create(dataSource));
        this.accountSecrets = new SqliteStoredAccountSecrets(db);
        this.apiKeys = new SqliteApiKeyStore(db);
        this.events = new SqliteEventLog(db, clock, dev.switchboard.core.store.EventLog.DEFAULT_RETAINED);
        this.eventLog = retained -> new SqliteEventLog(db, clock, retained);
        this.stores = new Stores(
                new SqliteTenantStore(db, clock),
                new SqliteChannelAccountStore(db, clock),
                new SqliteAgentStore(db, clock),
                new SqliteContactStore(db, clock),
                new SqliteConversationStore(db, clock, ids),
                new SqliteCreditStore(db, clock, ids),
                new SqliteExtractionStore(db, clock, ids),
                new SqliteWebhookLogStore(db, clock, ids),
                new SqliteHealthCheck(dataSource, HEALTH_TIMEOUT));
    }

    /** Opens (creating if new) and migrates the database, with the system clock and time-ordered ids. */
    public static SqliteStores start(SqliteConfig config) {
        return start(config, Clock.systemUTC(), Ids.timeOrdered());
    }

    /**
     * Like {@link #start(SqliteConfig)} with the clock that stamps rows and the id source for new rows.
     *
     * @throws SwitchboardException when the file cannot be created or opened, or the schema cannot be migrated
     */
    public static SqliteStores start(SqliteConfig config, Clock clock, Ids ids) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(ids, "ids");
        Path file = config.file().toAbsolutePath().normalize();
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new SwitchboardException("cannot create the directory of the SQLite database " + file + ": " + e.getMessage(), e);
        }
        SQLiteDataSource sqlite = dataSource(file, config);
        migrate(sqlite, file);
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("switchboard-sqlite");
        hikari.setDataSource(sqlite);
        hikari.setMaximumPoolSize(config.readers() + 1);
        hikari.setConnectionTimeout(Math.max(250, config.busyTimeout().toMillis()));
        try {
            return new SqliteStores(new HikariDataSource(hikari), file, clock, ids);
        } catch (RuntimeException e) {
            throw new SwitchboardException("cannot open the SQLite database " + file + ": " + e.getMessage(), e);
        }
    }

    private static SQLiteDataSource dataSource(Path file, SqliteConfig config) {
        SQLiteConfig pragmas = new SQLiteConfig();
        pragmas.setJournalMode(SQLiteConfig.JournalMode.WAL);
        pragmas.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        pragmas.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, config.busyTimeout().toMillis()));
        pragmas.enforceForeignKeys(true);
        pragmas.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource dataSource = new SQLiteDataSource(pragmas);
        dataSource.setUrl("jdbc:sqlite:" + file);
        return dataSource;
    }

    private static void migrate(SQLiteDataSource dataSource, Path file) {
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/sqlite")
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new SwitchboardException("migrating the SQLite database " + file + " failed: " + e.getMessage(), e);
        }
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

    /** Tenants' API keys (kept apart from {@link Stores}: only the HTTP server reads them). */
    public dev.switchboard.core.store.ApiKeyStore apiKeys() {
        return apiKeys;
    }

    /** The database file, absolute. */
    public Path file() {
        return file;
    }

    /** Closes the pool. The stores fail once it is closed. */
    /** The channel accounts as stored, for {@link dev.switchboard.core.crypto.EncryptingChannelAccountStore#reencryptAll}. */
    public StoredAccountSecrets accountSecrets() {
        return accountSecrets;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
