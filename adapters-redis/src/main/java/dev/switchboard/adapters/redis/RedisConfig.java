package dev.switchboard.adapters.redis;

import dev.switchboard.core.domain.Secret;
import dev.switchboard.core.support.ConfigurationException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where and how to reach Redis. Build it with {@link #fromUrl} and adjust with the {@code with…}
 * methods; {@code toString} never shows the password.
 *
 * @param host      host name or IP address (IPv6 without brackets)
 * @param port      TCP port
 * @param user      ACL user, null for the default user
 * @param password  null when Redis asks for none
 * @param database  logical database number ({@code SELECT})
 * @param tls       true for {@code rediss://}
 * @param keyPrefix prepended to every key this module writes, so several deployments (or test
 *                  classes) can share one Redis; default {@value #DEFAULT_KEY_PREFIX}
 * @param poolSize  the most connections the pool opens; each worker thread waiting for a task holds
 *                  one for up to a few hundred milliseconds, so keep it above the worker concurrency
 * @param timeout   connect and command timeout
 */
public record RedisConfig(String host, int port, String user, Secret password, int database, boolean tls,
                          String keyPrefix, int poolSize, Duration timeout) {
    public static final String DEFAULT_KEY_PREFIX = "sb:";
    public static final int DEFAULT_PORT = 6379;
    public static final int DEFAULT_POOL_SIZE = 32;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private static final String EXPECTED = "expected redis://[user:password@]host:port[/database]"
            + " (rediss:// for TLS); percent-encode special characters in the password";
    private static final Pattern HOST_PORT = Pattern.compile("(?:\\[([0-9A-Fa-f:.]+)\\]|([A-Za-z0-9._-]+))(?::(\\d{1,5}))?");

    public RedisConfig {
        if (host == null || host.isBlank()) throw new ConfigurationException("REDIS_URL", "has no host; " + EXPECTED);
        if (port < 1 || port > 65535) throw new ConfigurationException("REDIS_URL", "has a port outside 1-65535; " + EXPECTED);
        if (database < 0) throw new ConfigurationException("REDIS_URL", "names a negative database; " + EXPECTED);
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        if (poolSize < 1) throw new ConfigurationException("REDIS_POOL_SIZE", "must be at least 1");
        if (timeout == null || timeout.toMillis() < 50) throw new ConfigurationException("REDIS_TIMEOUT", "must be at least 50 milliseconds");
    }

    /**
     * Reads {@code redis://[user:password@]host[:port][/database]} or {@code rediss://…} (TLS);
     * {@code redis://:password@host} and {@code redis://password@host} give a password without a user.
     * Query parameters are ignored. @throws ConfigurationException naming {@code REDIS_URL}, never
     * echoing the URL, which may hold a password
     */
    public static RedisConfig fromUrl(String redisUrl) {
        if (redisUrl == null || redisUrl.isBlank()) throw new ConfigurationException("REDIS_URL", "is required");
        String url = redisUrl.trim();
        String lower = url.toLowerCase(Locale.ROOT);
        boolean tls;
        if (lower.startsWith("redis://")) tls = false;
        else if (lower.startsWith("rediss://")) tls = true;
        else throw new ConfigurationException("REDIS_URL", EXPECTED);
        String rest = url.substring(tls ? "rediss://".length() : "redis://".length());
        int end = indexOfAny(rest, "/?#");
        String authority = end < 0 ? rest : rest.substring(0, end);
        String tail = end < 0 ? "" : rest.substring(end);

        String user = null;
        Secret password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                password = Secret.of(decode(userInfo)); // redis://secret@host: Redis before ACLs had no users
            } else {
                user = decode(userInfo.substring(0, colon));
                password = Secret.of(decode(userInfo.substring(colon + 1)));
            }
            if (user != null && user.isEmpty()) user = null;
            if (password != null && password.value().isEmpty()) password = null;
        }

        Matcher m = HOST_PORT.matcher(authority);
        if (!m.matches()) throw new ConfigurationException("REDIS_URL", "has no valid host or port; " + EXPECTED);
        String host = m.group(1) != null ? m.group(1) : m.group(2);
        int port = DEFAULT_PORT;
        if (m.group(3) != null) {
            port = Integer.parseInt(m.group(3));
            if (port < 1 || port > 65535) throw new ConfigurationException("REDIS_URL", "has a port outside 1-65535; " + EXPECTED);
        }

        int database = 0;
        String path = tail.startsWith("/") ? tail.substring(1, indexOfOrEnd(tail, "?#")) : "";
        if (!path.isEmpty()) {
            if (!path.matches("\\d{1,5}")) {
                throw new ConfigurationException("REDIS_URL", "has a database that is not a number; " + EXPECTED);
            }
            database = Integer.parseInt(path);
        }
        return new RedisConfig(host, port, user, password, database, tls, DEFAULT_KEY_PREFIX, DEFAULT_POOL_SIZE, DEFAULT_TIMEOUT);
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) return i;
        }
        return -1;
    }

    private static int indexOfOrEnd(String s, String chars) {
        int i = indexOfAny(s, chars);
        return i < 0 ? s.length() : i;
    }

    public RedisConfig withKeyPrefix(String prefix) {
        return new RedisConfig(host, port, user, password, database, tls, prefix, poolSize, timeout);
    }

    public RedisConfig withPoolSize(int size) {
        return new RedisConfig(host, port, user, password, database, tls, keyPrefix, size, timeout);
    }

    public RedisConfig withTimeout(Duration t) {
        return new RedisConfig(host, port, user, password, database, tls, keyPrefix, poolSize, t);
    }

    /** Where Redis is, for log lines: no credentials. */
    public String address() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return (tls ? "rediss://" : "redis://") + h + ":" + port + "/" + database;
    }

    /** Percent-decoding as in a URL's user info ({@code +} stays a plus). */
    private static String decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < s.length()) {
            int next = s.indexOf('%', i);
            out.writeBytes(s.substring(i, next < 0 ? s.length() : next).getBytes(StandardCharsets.UTF_8));
            if (next < 0) break;
            int hi = next + 2 < s.length() ? Character.digit(s.charAt(next + 1), 16) : -1;
            int lo = next + 2 < s.length() ? Character.digit(s.charAt(next + 2), 16) : -1;
            if (hi < 0 || lo < 0) throw new ConfigurationException("REDIS_URL", "has a broken %-escape in the user or password");
            out.write(hi * 16 + lo);
            i = next + 3;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "RedisConfig[" + address() + ", user=" + user + ", password=" + (password == null ? "none" : "****")
                + ", keyPrefix=" + keyPrefix + ", poolSize=" + poolSize + ", timeout=" + timeout + "]";
    }
}
