package dev.switchboard.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The bench's databases and their counters. Statistics are read from {@code pg_stat_database}
 * through the {@code postgres} database, so reading them adds no commit to the database measured.
 */
final class Pg {
    private final String server; // jdbc:postgresql://host:port

    Pg(String server) {
        this.server = server;
    }

    String jdbcUrl(String database) { return server + "/" + database; }

    /** Drops and creates {@code database}: every run starts empty. */
    void fresh(String database) throws SQLException {
        if (!database.matches("[a-z0-9_]+")) throw new IllegalArgumentException("database name: " + database);
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + database);
        }
    }

    /** Transactions committed and rows written (inserted + updated + deleted) so far. */
    record Counters(long commits, long inserted, long updated, long deleted) {
        Counters minus(Counters o) {
            return new Counters(commits - o.commits, inserted - o.inserted, updated - o.updated, deleted - o.deleted);
        }

        long rowsWritten() { return inserted + updated + deleted; }
    }

    /**
     * The counters once backends have reported them. An idle backend that flushed less than a second
     * ago holds its statistics back for up to 10 s (PostgreSQL 15's PGSTAT_IDLE_INTERVAL), so this
     * first waits {@code quiet} (11 s in the full bench) and then until two readings 500 ms apart agree.
     */
    Counters settled(String database, java.time.Duration quiet) throws Exception {
        Thread.sleep(quiet.toMillis());
        Counters last = read(database);
        for (int i = 0; i < 8; i++) {
            Thread.sleep(500);
            Counters now = read(database);
            if (now.equals(last)) return now;
            last = now;
        }
        return last;
    }

    private Counters read(String database) throws SQLException {
        try (Connection c = connect("postgres");
             PreparedStatement s = c.prepareStatement("SELECT xact_commit, tup_inserted, tup_updated, tup_deleted FROM pg_stat_database WHERE datname = ?")) {
            s.setString(1, database);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) return new Counters(0, 0, 0, 0);
                return new Counters(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
            }
        }
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), "postgres", "");
    }
}
