package dev.switchboard.adapters.postgres;

import dev.switchboard.core.support.ConflictException;
import dev.switchboard.core.support.InvalidInputException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Runs store calls on a pooled handle and turns the PostgreSQL errors a caller can act on into
 * core's exceptions: a unique violation is a {@link ConflictException}, a check violation an
 * {@link InvalidInputException}. Anything else (connection lost, timeout) propagates as Jdbi's, or
 * as a {@link Failure} from the plain-JDBC calls ({@link #query}, {@link #update}; see {@link Jdbc}).
 */
final class Db {
    private final Jdbi jdbi;
    private final DataSource dataSource;

    Db(DataSource dataSource) {
        this.jdbi = Jdbi.create(dataSource);
        this.dataSource = dataSource;
    }

    /** A statement that failed in the database or on the way there, through {@link #query} or {@link #update}. */
    static final class Failure extends RuntimeException {
        Failure(String sql, SQLException cause) {
            super(cause.getMessage() + " [statement: " + sql.strip().replaceAll("\\s+", " ") + "]", cause);
        }
    }

    /** The rows {@code statement} answers, read by {@code row}, on a pooled connection (autocommitted). */
    <T> List<T> query(Jdbc.Bound statement, Jdbc.Row<T> row) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement(statement.sql())) {
            statement.apply(connection, ps);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) rows.add(row.read(rs));
            }
            return rows;
        } catch (SQLException e) {
            throw translate(new Failure(statement.sql(), e));
        }
    }

    /** The only row {@code statement} answers, or empty; more than one is an error. */
    <T> Optional<T> queryOne(Jdbc.Bound statement, Jdbc.Row<T> row) {
        List<T> rows = query(statement, row);
        if (rows.size() > 1) throw new IllegalStateException("expected at most one row, got " + rows.size() + ": " + statement.sql());
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.getFirst());
    }

    /** Runs {@code statements} (see {@link #execute}) on one pooled connection in one transaction: all commit, or none. */
    void inTransaction(Work statements) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                statements.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (Failure e) {
            throw translate(e);
        } catch (SQLException e) {
            throw translate(new Failure("(transaction)", e));
        }
    }

    /** Runs {@code statement} on {@code connection}; the rows it changed. A failure names the statement. */
    static int execute(Connection connection, Jdbc.Bound statement) {
        try (PreparedStatement ps = connection.prepareStatement(statement.sql())) {
            statement.apply(connection, ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new Failure(statement.sql(), e);
        }
    }

    @FunctionalInterface
    interface Work {
        void run(Connection connection) throws SQLException;
    }

    /** Runs {@code statement} on a pooled connection (autocommitted); the rows it changed. */
    int update(Jdbc.Bound statement) {
        try (Connection connection = dataSource.getConnection()) {
            return execute(connection, statement);
        } catch (Failure e) {
            throw translate(e);
        } catch (SQLException e) {
            throw translate(new Failure(statement.sql(), e));
        }
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

    static RuntimeException translate(RuntimeException e) {
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
