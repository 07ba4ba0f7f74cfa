package dev.switchboard.adapters.postgres;

import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jdbi.v3.core.argument.Argument;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Small JDBC helpers: timestamptz in and out, and what a PostgreSQL error was about. */
final class Sql {
    static final String UNIQUE_VIOLATION = "23505";
    static final String CHECK_VIOLATION = "23514";
    static final String NO_DATA_FOUND = "P0002";

    private Sql() {}

    /** Binds an instant as {@code timestamptz} (not through the JVM's time zone as a Timestamp would). */
    static Argument ts(Instant instant) {
        return (position, statement, ctx) -> {
            if (instant == null) statement.setNull(position, Types.TIMESTAMP_WITH_TIMEZONE);
            else statement.setObject(position, instant.atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
        };
    }

    static Instant instant(java.sql.ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Long nullableLong(java.sql.ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    static Integer nullableInt(java.sql.ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    /** The SQLSTATE of the first {@link SQLException} in the cause chain, or null. */
    static String sqlState(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException e && e.getSQLState() != null) return e.getSQLState();
        }
        return null;
    }

    /** The name of the constraint a PostgreSQL error names, or null. */
    static String constraint(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof PSQLException e) {
                ServerErrorMessage m = e.getServerErrorMessage();
                return m == null ? null : m.getConstraint();
            }
        }
        return null;
    }

    static boolean isUniqueViolation(Throwable error) {
        return UNIQUE_VIOLATION.equals(sqlState(error));
    }
}
