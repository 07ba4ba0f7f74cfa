package dev.switchboard.adapters.sqlite;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Small JDBC helpers: instants as INTEGER microseconds since the epoch (PostgreSQL's precision), and
 * what a SQLite error was about.
 */
final class Sql {
    private static final Pattern INDEX = Pattern.compile("index '([^']+)'");
    private static final Pattern COLUMNS = Pattern.compile("constraint failed: ([\\w.]+(?:, [\\w.]+)*)");

    private Sql() {}

    /** Microseconds since the epoch, truncated like PostgreSQL's timestamptz; null stays null. */
    static Long micros(Instant instant) {
        if (instant == null) return null;
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        if (rs.wasNull()) return null;
        return Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L);
    }

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    static SQLiteErrorCode code(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException e) return e.getResultCode();
        }
        return null;
    }

    static boolean isUniqueViolation(Throwable error) {
        SQLiteErrorCode code = code(error);
        return code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE || code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY;
    }

    static boolean isCheckViolation(Throwable error) {
        return code(error) == SQLiteErrorCode.SQLITE_CONSTRAINT_CHECK;
    }

    /**
     * A name for the violated constraint in PostgreSQL's style, so both adapters word conflicts the
     * same: a named index is its name, a primary key {@code <table>_pkey}, other unique columns
     * {@code <table>_<columns>_key}.
     */
    static String constraint(Throwable error) {
        String message = null;
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException e) {
                message = e.getMessage();
                break;
            }
        }
        if (message == null) return null;
        Matcher index = INDEX.matcher(message);
        if (index.find()) return index.group(1);
        Matcher columns = COLUMNS.matcher(message);
        if (!columns.find()) return null;
        String[] names = columns.group(1).split(", ");
        String table = names[0].substring(0, names[0].indexOf('.'));
        if (code(error) == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY) return table + "_pkey";
        StringBuilder name = new StringBuilder(table);
        for (String n : names) name.append('_').append(n.substring(n.indexOf('.') + 1));
        return name.append("_key").toString();
    }
}
