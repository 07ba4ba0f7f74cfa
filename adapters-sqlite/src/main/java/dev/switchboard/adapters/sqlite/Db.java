package dev.switchboard.adapters.sqlite;

import dev.switchboard.core.support.ConflictException;
import dev.switchboard.core.support.InvalidInputException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Runs store calls on a pooled connection, one writer at a time.
 *
 * <p>SQLite allows one writing transaction per database. Left to the driver, concurrent writers
 * would race for that lock and the losers would wait in SQLite's busy handler (sleep and retry) or,
 * past the busy timeout, fail with {@code SQLITE_BUSY}. So every {@link #write} first takes one
 * fair Java lock, then begins with {@code BEGIN IMMEDIATE} (the connection's transaction mode),
 * which takes SQLite's write lock at once rather than upgrading a read lock midway (which can fail
 * with BUSY without waiting). In this process writers queue in arrival order on the Java lock and
 * never meet in SQLite; the busy timeout only covers another process holding the file briefly
 * (a backup, the sqlite3 shell). Reads never take the lock: in WAL mode they see the last
 * committed state while a write is in progress.
 *
 * <p>Errors a caller can act on become core's exceptions: a unique violation a
 * {@link ConflictException}, a check violation an {@link InvalidInputException}.
 */
final class Db {
    private final Jdbi jdbi;
    private final ReentrantLock writer = new ReentrantLock(true);

    Db(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A read on its own connection, outside the writer lock. */
    <T> T read(HandleCall<T> call) {
        try {
            return jdbi.withHandle(call::call);
        } catch (JdbiException e) {
            throw translate(e);
        }
    }

    /** One write transaction (BEGIN IMMEDIATE … COMMIT), rolled back if {@code call} throws. */
    <T> T write(HandleCall<T> call) {
        return write(call, null);
    }

    /** Like {@link #write}, naming a unique violation with {@code conflict}, which gets the constraint's name. */
    <T> T write(HandleCall<T> call, Function<String, String> conflict) {
        writer.lock();
        try {
            return jdbi.inTransaction(call::call);
        } catch (JdbiException e) {
            if (conflict != null && Sql.isUniqueViolation(e)) throw new ConflictException(conflict.apply(Sql.constraint(e)));
            throw translate(e);
        } finally {
            writer.unlock();
        }
    }

    void run(HandleRun run) {
        write(h -> {
            run.run(h);
            return null;
        });
    }

    static RuntimeException translate(JdbiException e) {
        if (Sql.isUniqueViolation(e)) return new ConflictException("already exists (" + Sql.constraint(e) + ")");
        if (Sql.isCheckViolation(e)) {
            return new InvalidInputException("value", "rejected by a database constraint");
        }
        return e;
    }

    @FunctionalInterface
    interface HandleCall<T> {
        T call(Handle handle);
    }

    @FunctionalInterface
    interface HandleRun {
        void run(Handle handle);
    }
}
