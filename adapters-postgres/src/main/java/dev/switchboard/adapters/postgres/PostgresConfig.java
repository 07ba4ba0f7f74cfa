package dev.switchboard.adapters.postgres;

import dev.switchboard.core.support.ConfigurationException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where and how to connect. Build it from seed 001's variables with {@link #fromEnv} or
 * {@link #fromUrl}; {@code toString} never shows the password.
 *
 * @param jdbcUrl  a {@code jdbc:postgresql:} URL without credentials
 * @param user     null to take it from the URL's parameters or the driver's default
 * @param password null when the server does not ask for one
 * @param poolSize the most connections the pool opens ({@code DATABASE_POOL_SIZE})
 * @param timeout  how long to wait for a connection, and for PostgreSQL to answer a connect
 *                 ({@code DATABASE_TIMEOUT})
 */
public record PostgresConfig(String jdbcUrl, String user, String password, int poolSize, Duration timeout) {
    public static final int DEFAULT_POOL_SIZE = 20;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(30_000);

    private static final String EXPECTED = "expected postgresql://user:password@host:port/database"
            + " (or postgres://… or jdbc:postgresql://…); percent-encode special characters in the password";
    private static final Pattern HOST = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+)(:\\d{1,5})?");

    public PostgresConfig {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) throw new ConfigurationException("DATABASE_URL", EXPECTED);
        if (poolSize < 1) throw new ConfigurationException("DATABASE_POOL_SIZE", "must be at least 1");
        if (timeout == null || timeout.toMillis() < 250) {
            throw new ConfigurationException("DATABASE_TIMEOUT", "must be at least 250 milliseconds");
        }
    }

    /**
     * Reads {@code DATABASE_URL} (required), {@code DATABASE_POOL_SIZE} (default 20) and
     * {@code DATABASE_TIMEOUT} in milliseconds (default 30000).
     */
    public static PostgresConfig fromEnv(Map<String, String> env) {
        String url = env.get("DATABASE_URL");
        if (url == null || url.isBlank()) throw new ConfigurationException("DATABASE_URL", "is required");
        int poolSize = (int) number(env, "DATABASE_POOL_SIZE", DEFAULT_POOL_SIZE);
        Duration timeout = Duration.ofMillis(number(env, "DATABASE_TIMEOUT", DEFAULT_TIMEOUT.toMillis()));
        return fromUrl(url, poolSize, timeout);
    }

    private static long number(Map<String, String> env, String name, long fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) return fallback;
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(name, "must be a whole number");
        }
    }

    /**
     * Accepts {@code postgresql://user:password@host:port/database?sslmode=require} (also
     * {@code postgres://}, several {@code host:port} pairs separated by commas, and no credentials
     * at all) and {@code jdbc:postgresql:} URLs. Query parameters are passed to the driver as they
     * are. @throws ConfigurationException naming {@code DATABASE_URL}, never echoing the URL, which
     * may hold a password
     */
    public static PostgresConfig fromUrl(String databaseUrl, int poolSize, Duration timeout) {
        if (databaseUrl == null || databaseUrl.isBlank()) throw new ConfigurationException("DATABASE_URL", "is required");
        String url = databaseUrl.trim();
        String lower = url.toLowerCase(Locale.ROOT);
        String rest;
        if (lower.startsWith("postgresql://")) rest = url.substring("postgresql://".length());
        else if (lower.startsWith("postgres://")) rest = url.substring("postgres://".length());
        else if (lower.startsWith("jdbc:postgresql://")) rest = url.substring("jdbc:postgresql://".length());
        else if (lower.startsWith("jdbc:postgresql:")) return new PostgresConfig(url, null, null, poolSize, timeout);
        else throw new ConfigurationException("DATABASE_URL", EXPECTED);

        int end = indexOfAny(rest, "/?");
        String authority = end < 0 ? rest : rest.substring(0, end);
        String tail = end < 0 ? "" : rest.substring(end);
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
            if (user.isEmpty()) user = null;
        }
        for (String host : authority.split(",", -1)) {
            if (!HOST.matcher(host).matches()) throw new ConfigurationException("DATABASE_URL", "has no valid host; " + EXPECTED);
        }
        String path = tail.startsWith("/") ? tail.substring(1, indexOfOrEnd(tail, '?')) : "";
        if (path.isEmpty() || path.contains("/")) throw new ConfigurationException("DATABASE_URL", "names no database; " + EXPECTED);
        String query = tail.indexOf('?') >= 0 ? tail.substring(tail.indexOf('?')) : "";
        return new PostgresConfig("jdbc:postgresql://" + authority + "/" + path + query, user, password, poolSize, timeout);
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) return i;
        }
        return -1;
    }

    private static int indexOfOrEnd(String s, char c) {
        int i = s.indexOf(c);
        return i < 0 ? s.length() : i;
    }

    /** Percent-decoding as in a URL's user info ({@code +} stays a plus, unlike form decoding). */
    private static String decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < s.length()) {
            int next = s.indexOf('%', i);
            String plain = s.substring(i, next < 0 ? s.length() : next);
            out.writeBytes(plain.getBytes(StandardCharsets.UTF_8));
            if (next < 0) break;
            int hi = next + 2 < s.length() ? Character.digit(s.charAt(next + 1), 16) : -1;
            int lo = next + 2 < s.length() ? Character.digit(s.charAt(next + 2), 16) : -1;
            if (hi < 0 || lo < 0) throw new ConfigurationException("DATABASE_URL", "has a broken %-escape in the user or password");
            out.write(hi * 16 + lo);
            i = next + 3;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        String safeUrl = jdbcUrl.replaceAll("(?i)([?&]password=)[^&]*", "$1****");
        return "PostgresConfig[jdbcUrl=" + safeUrl + ", user=" + user + ", password=" + (password == null ? "none" : "****")
                + ", poolSize=" + poolSize + ", timeout=" + timeout + "]";
    }
}
