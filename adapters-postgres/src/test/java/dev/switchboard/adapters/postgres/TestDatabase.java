package dev.switchboard.adapters.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/**
 * The PostgreSQL database tests run against: {@code TEST_DATABASE_URL}, by default
 * {@code postgresql://postgres@127.0.0.1:5432/switchboard_test}. It is created if missing (through
 * the server's {@code postgres} database), and migrated by {@link PostgresStores#start}.
 */
public final class TestDatabase {
    public static final String URL = System.getenv().getOrDefault("TEST_DATABASE_URL",
            "postgresql://postgres@127.0.0.1:5432/switchboard_test");

    private static final String TABLES = "tenants, channel_accounts, agents, contacts, conversations, messages, credits,"
            + " credit_ledger, extractions, webhook_logs, conversation_archives";
    private static PostgresStores shared;

    private TestDatabase() {}

    public static PostgresConfig config(int poolSize) {
        return PostgresConfig.fromUrl(URL, poolSize, Duration.ofSeconds(10));
    }

    /** Starts stores on the test database, creating the database first if needed. */
    public static PostgresStores start(int poolSize) {
        PostgresConfig config = config(poolSize);
        ensureDatabase(config);
        return PostgresStores.start(config);
    }

    /** One started instance per test JVM, for the contract kits (their data never collides: unique ids). */
    public static synchronized PostgresStores shared() {
        if (shared == null) {
            shared = start(10);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** Empties every table, so a run never depends on what an earlier run left behind. */
    public static void truncate() {
        execute("TRUNCATE " + TABLES + " CASCADE");
    }

    public static void execute(String sql) {
        try (Connection c = connect(config(1).jdbcUrl()); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public static long scalar(String sql, Object... params) {
        try (Connection c = connect(config(1).jdbcUrl()); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) s.setObject(i + 1, params[i]);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public static Connection connect(String jdbcUrl) throws SQLException {
        PostgresConfig config = config(1);
        Properties props = new Properties();
        if (config.user() != null) props.setProperty("user", config.user());
        if (config.password() != null) props.setProperty("password", config.password());
        return DriverManager.getConnection(jdbcUrl, props);
    }

    private static void ensureDatabase(PostgresConfig config) {
        String url = config.jdbcUrl();
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        int query = url.indexOf('?', slash);
        String name = url.substring(slash + 1, query < 0 ? url.length() : query);
        String adminUrl = url.substring(0, slash + 1) + "postgres" + (query < 0 ? "" : url.substring(query));
        try (Connection c = connect(adminUrl)) {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                s.setString(1, name);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) return;
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
            } catch (SQLException e) {
                if (!"42P04".equals(e.getSQLState())) throw e; // created meanwhile by a parallel run
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database " + name + " (is PostgreSQL running?)", e);
        }
    }
}
