package dev.switchboard.adapters.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain JDBC for the few statements on the hot path: the ones every turn runs (turn start, the paid
 * reply, the send's outcome) and every live event. Jdbi copies its whole configuration for each handle
 * and again for each statement, and resolves every argument through its factories; on the worker that
 * cost three times what the driver itself did (JFR, see the README's "Benchmark"). Everything else keeps
 * Jdbi.
 *
 * <p>{@link Named} is SQL in Jdbi's style, {@code :name} parameters and {@code ::type} casts, parsed once
 * into JDBC's {@code ?} placeholders; {@link Bound} holds its values, each with the SQL type its null
 * is sent as (what Jdbi's typed {@code bind} overloads did).
 */
final class Jdbc {
    private Jdbc() {}

    /** Reads one row. */
    @FunctionalInterface
    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /**
     * SQL with {@code :name} parameters, as JDBC SQL and the parameter names in placeholder order. A name
     * may appear several times; {@code ::} is a cast; quoted text and identifiers are left alone. A bare
     * {@code ?} is refused, since the driver would take it for a placeholder.
     */
    record Named(String sql, List<String> names) {
        static Named parse(String text) {
            StringBuilder sql = new StringBuilder(text.length());
            List<String> names = new ArrayList<>();
            int i = 0, n = text.length();
            while (i < n) {
                char c = text.charAt(i);
                if (c == '\'' || c == '"') { // to the closing quote; a doubled quote stays inside
                    int end = i + 1;
                    while (end < n && !(text.charAt(end) == c && (end + 1 >= n || text.charAt(end + 1) != c))) {
                        end += text.charAt(end) == c ? 2 : 1;
                    }
                    if (end >= n) throw new IllegalArgumentException("unclosed " + c + " in: " + text);
                    sql.append(text, i, end + 1);
                    i = end + 1;
                } else if (c == ':' && i + 1 < n && text.charAt(i + 1) == ':') {
                    sql.append("::");
                    i += 2;
                } else if (c == ':' && i + 1 < n && Character.isJavaIdentifierStart(text.charAt(i + 1))) {
                    int end = i + 1;
                    while (end < n && Character.isJavaIdentifierPart(text.charAt(end))) end++;
                    names.add(text.substring(i + 1, end));
                    sql.append('?');
                    i = end;
                } else if (c == '?') {
                    throw new IllegalArgumentException("a bare ? would be a JDBC placeholder; use a :name in: " + text);
                } else {
                    sql.append(c);
                    i++;
                }
            }
            return new Named(sql.toString(), List.copyOf(names));
        }

        Bound bind() {
            return new Bound(this);
        }
    }

    /** A {@link Named} statement's values by name; {@link #apply} sets them on a prepared statement. */
    static final class Bound {
        private record Value(Object value, int sqlType) {}

        private final Named named;
        private final Map<String, Value> values = new HashMap<>();

        private Bound(Named named) {
            this.named = named;
        }

        String sql() {
            return named.sql();
        }

        Bound text(String name, String value) {
            return put(name, value, Types.VARCHAR);
        }

        Bound int8(String name, Number value) {
            return put(name, value == null ? null : value.longValue(), Types.BIGINT);
        }

        Bound int4(String name, Integer value) {
            return put(name, value, Types.INTEGER);
        }

        Bound bool(String name, boolean value) {
            return put(name, value, Types.BOOLEAN);
        }

        /** As {@code timestamptz}, in UTC (not through the JVM's time zone as a Timestamp would). */
        Bound timestamptz(String name, Instant value) {
            return put(name, value == null ? null : value.atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
        }

        Bound textArray(String name, List<String> value) {
            return put(name, value.toArray(String[]::new), Types.ARRAY);
        }

        Bound boolArray(String name, List<Boolean> value) {
            return put(name, value.toArray(Boolean[]::new), Types.ARRAY);
        }

        Bound int8Array(String name, List<Long> value) {
            return put(name, value.toArray(Long[]::new), Types.ARRAY);
        }

        private Bound put(String name, Object value, int sqlType) {
            if (!named.names().contains(name)) throw new IllegalArgumentException("no :" + name + " in: " + named.sql());
            values.put(name, new Value(value, sqlType));
            return this;
        }

        void apply(Connection connection, PreparedStatement statement) throws SQLException {
            List<String> names = named.names();
            for (int p = 0; p < names.size(); p++) {
                Value v = values.get(names.get(p));
                if (v == null) throw new IllegalStateException(":" + names.get(p) + " is not bound in: " + named.sql());
                int position = p + 1;
                Object value = v.value();
                if (value == null) statement.setNull(position, v.sqlType());
                else if (value instanceof String s) statement.setString(position, s);
                else if (value instanceof Long l) statement.setLong(position, l);
                else if (value instanceof Integer i) statement.setInt(position, i);
                else if (value instanceof Boolean b) statement.setBoolean(position, b);
                else if (value instanceof String[] a) statement.setArray(position, connection.createArrayOf("text", a));
                else if (value instanceof Long[] a) statement.setArray(position, connection.createArrayOf("int8", a));
                else if (value instanceof Boolean[] a) statement.setArray(position, connection.createArrayOf("bool", a));
                else statement.setObject(position, value, v.sqlType());
            }
        }
    }
}
