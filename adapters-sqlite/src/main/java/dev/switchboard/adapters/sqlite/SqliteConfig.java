package dev.switchboard.adapters.sqlite;

import dev.switchboard.core.support.ConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Where the SQLite database lives and how long a writer waits for another process holding the file.
 *
 * @param file        the database file; its directory is created if missing
 * @param busyTimeout how long SQLite waits for a lock another process holds (a backup, the sqlite3
 *                    shell) before failing; writers of this process never meet there ({@link Db})
 * @param readers     connections for reads, which run beside the one writer in WAL mode
 */
public record SqliteConfig(Path file, Duration busyTimeout, int readers) {
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_READERS = 8;

    public SqliteConfig {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        if (busyTimeout.isNegative()) throw new ConfigurationException("busy_timeout", "must not be negative");
        if (readers < 1) throw new ConfigurationException("readers", "must be at least 1");
    }

    public static SqliteConfig of(Path file) {
        return new SqliteConfig(file, DEFAULT_BUSY_TIMEOUT, DEFAULT_READERS);
    }

    /** Whether {@code url} names a SQLite database: {@code sqlite:/path/file.db} or {@code jdbc:sqlite:/path/file.db}. */
    public static boolean isSqliteUrl(String url) {
        if (url == null) return false;
        String u = url.trim().toLowerCase(Locale.ROOT);
        return u.startsWith("sqlite:") || u.startsWith("jdbc:sqlite:");
    }

    /**
     * The file a {@code sqlite:} or {@code jdbc:sqlite:} URL names ({@code sqlite:///abs/path.db} and
     * {@code sqlite:relative.db} too). Query parameters are not supported: the adapter sets its own.
     */
    public static SqliteConfig fromUrl(String url) {
        if (!isSqliteUrl(url)) throw new ConfigurationException("DATABASE_URL", "is not a sqlite: or jdbc:sqlite: URL");
        String rest = url.trim();
        rest = rest.substring(rest.toLowerCase(Locale.ROOT).startsWith("jdbc:") ? "jdbc:sqlite:".length() : "sqlite:".length());
        if (rest.startsWith("//")) rest = rest.substring(2);
        if (rest.isBlank() || rest.contains("?") || rest.equals(":memory:") || rest.startsWith("file:")) {
            throw new ConfigurationException("DATABASE_URL", "a SQLite URL names a file, like sqlite:/var/lib/switchboard/switchboard.db");
        }
        return of(Path.of(rest));
    }
}
