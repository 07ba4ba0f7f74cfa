package dev.switchboard.adapters.postgres;

import dev.switchboard.core.support.ConflictException;
import dev.switchboard.core.support.InvalidInputException;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Runs store calls on a pooled handle and turns the PostgreSQL errors a caller can act on into
 * core's exceptions: a unique violation is a {@link ConflictException}, a check violation an
 * {@link InvalidInputException}. Anything else (connection lost, timeout) propagates as Jdbi's.
 */
final class Db {
    private final Jdbi jdbi;

    Db(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    <T> T call(HandleCall<T> call) {
        return call(call, null);
    }

    /**
     * Like {@link #call}, naming a unique violation with {@code conflict}, which gets the violated
     * constraint's name.
     */
    <T> T call(HandleCall<T> call, Function<String, String> conflict) {
        try {
            return jdbi.withHandle(call::call);
        } catch (JdbiException e) {
            if (conflict != null && Sql.isUniqueViolation(e)) throw new ConflictException(conflict.apply(Sql.constraint(e)));
            throw translate(e);
        }
    }

    void run(HandleRun run) {
        call(h -> {
            run.run(h);
            return null;
        });
    }

    static RuntimeException translate(JdbiException e) {
        String state = Sql.sqlState(e);
        if (Sql.UNIQUE_VIOLATION.equals(state)) {
            return new ConflictException("already exists (" + Sql.constraint(e) + ")");
        }
        if (Sql.CHECK_VIOLATION.equals(state)) {
            String constraint = Sql.constraint(e);
            return new InvalidInputException(constraint, "rejected by the database constraint " + constraint);
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
