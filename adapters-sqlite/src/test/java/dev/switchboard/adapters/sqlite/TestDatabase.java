package dev.switchboard.adapters.sqlite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A SQLite file in a temp directory, one per test JVM, shared by the contract tests. */
final class TestDatabase {
    private static SqliteStores shared;
    private static Path file;

    private TestDatabase() {}

    static synchronized SqliteStores shared() {
        if (shared == null) {
            file = freshFile();
            shared = SqliteStores.start(SqliteConfig.of(file));
        }
        return shared;
    }

    static Path freshFile() {
        try {
            Path dir = Files.createTempDirectory("switchboard-sqlite-test");
            dir.toFile().deleteOnExit();
            return dir.resolve("switchboard.db");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first column of the first row of {@code sql} on {@code db}'s file, as a long. */
    static long scalar(SqliteStores db, String sql, Object... args) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.file());
             PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) s.setObject(i + 1, args[i]);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
