package dev.switchboard.runner.http;

import dev.switchboard.adapters.sqlite.SqliteConfig;
import dev.switchboard.core.support.SwitchboardException;
import dev.switchboard.runner.common.Env;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the bundled server keeps its state, read from DATABASE_URL, STORAGE and DATA_DIR:
 * <ul>
 *   <li>nothing set: SQLite at {@code ${DATA_DIR}/switchboard.db} ({@code DATA_DIR} defaults to {@code ./data});</li>
 *   <li>{@code DATABASE_URL=sqlite:/path/file.db} or {@code jdbc:sqlite:/path/file.db}: SQLite at that file;</li>
 *   <li>{@code DATABASE_URL=postgresql://…}: PostgreSQL;</li>
 *   <li>{@code STORAGE=memory} (and no DATABASE_URL): in memory, forgotten on restart (tests, demos).</li>
 * </ul>
 */
public sealed interface StorageChoice {

    /** For the start log line: which storage and where, without credentials. */
    String describe();

    /** Whether the state outlives the process (then the in-process queue is recovered from it on start). */
    default boolean persistent() {
        return !(this instanceof Memory);
    }

    record Memory() implements StorageChoice {
        @Override
        public String describe() {
            return "in-memory storage (STORAGE=memory: nothing is kept after a restart)";
        }
    }

    /** @param explicit whether DATABASE_URL named the file (then ADMIN_API_KEY is required) */
    record Sqlite(Path file, boolean explicit) implements StorageChoice {
        @Override
        public String describe() {
            return "SQLite storage at " + file.toAbsolutePath().normalize();
        }
    }

    record Postgres(String databaseUrl) implements StorageChoice {
        @Override
        public String describe() {
            return "PostgreSQL storage";
        }
    }

    /** Reads the choice, reporting bad combinations as problems on {@code env}. */
    static StorageChoice fromEnv(Env env) {
        String databaseUrl = env.string("DATABASE_URL", null);
        String storage = env.string("STORAGE", null);
        String dataDir = env.string("DATA_DIR", "data");
        if (storage != null) {
            String s = storage.trim().toLowerCase(Locale.ROOT);
            if (!s.equals("memory") && !s.equals("sqlite") && !s.equals("postgresql")) {
                env.problem("STORAGE must be memory, sqlite or postgresql (got " + storage + ")");
            } else if (s.equals("memory")) {
                if (databaseUrl != null) env.problem("STORAGE=memory cannot be combined with DATABASE_URL: unset one of them");
                return new Memory();
            } else if (s.equals("postgresql") && (databaseUrl == null || SqliteConfig.isSqliteUrl(databaseUrl))) {
                env.problem("STORAGE=postgresql needs DATABASE_URL=postgresql://user:password@host:5432/database");
            } else if (s.equals("sqlite") && databaseUrl != null && !SqliteConfig.isSqliteUrl(databaseUrl)) {
                env.problem("STORAGE=sqlite cannot be combined with a PostgreSQL DATABASE_URL: unset one of them");
            }
        }
        if (databaseUrl == null) return new Sqlite(Path.of(dataDir, "switchboard.db"), false);
        if (SqliteConfig.isSqliteUrl(databaseUrl)) {
            try {
                return new Sqlite(SqliteConfig.fromUrl(databaseUrl).file(), true);
            } catch (SwitchboardException e) {
                env.problem(e.getMessage());
                return new Sqlite(Path.of(dataDir, "switchboard.db"), true);
            }
        }
        return new Postgres(databaseUrl);
    }
}
