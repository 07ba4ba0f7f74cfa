package dev.switchboard.adapters.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A database of a test class's own, next to {@link TestDatabase}'s: same server and credentials,
 * named {@code <test database>_<suffix>}, dropped and created anew by {@link #fresh}.
 */
final class PgClassDatabase {
    private final String name;
    private final String jdbcUrl;

    private PgClassDatabase(String name, String jdbcUrl) {
        this.name = name;
        this.jdbcUrl = jdbcUrl;
    }

    static PgClassDatabase fresh(String suffix) {
        String url = TestDatabase.config(1).jdbcUrl();
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        int query = url.indexOf('?', slash);
        String base = url.substring(slash + 1, query < 0 ? url.length() : query);
        String params = query < 0 ? "" : url.substring(query);
        String name = base + "_" + suffix;
        try (Connection c = TestDatabase.connect(url.substring(0, slash + 1) + "postgres" + params); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
            s.execute("CREATE DATABASE \"" + name + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the database " + name, e);
        }
        return new PgClassDatabase(name, url.substring(0, slash + 1) + name + params);
    }

    PostgresConfig config(int poolSize) {
        PostgresConfig base = TestDatabase.config(1);
        return new PostgresConfig(jdbcUrl, base.user(), base.password(), poolSize, Duration.ofSeconds(10));
    }

    Connection connect() throws SQLException {
        return TestDatabase.connect(jdbcUrl);
    }

    long scalar(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) s.setObject(i + 1, params[i]);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Runs one statement (an update or DDL) on a connection of its own. */
    void execute(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) s.setObject(i + 1, params[i]);
            s.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    String name() {
        return name;
    }

    /** Waits (up to 10 s) until a session of this database waits for a lock; {@code who} names it in the failure. */
    void awaitLockWait(String who) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") > 0) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(who + " never waited for a lock");
    }
}
