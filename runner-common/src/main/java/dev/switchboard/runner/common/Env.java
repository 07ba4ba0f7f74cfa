package dev.switchboard.runner.common;

import dev.switchboard.core.support.ConfigurationException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads configuration from environment variables and collects every problem instead of stopping at
 * the first, so one start reports all of them, one line each, by variable name. A blank variable
 * counts as unset. Call {@link #check()} once everything is read.
 */
public final class Env {
    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    public Env(Map<String, String> env) {
        this.env = env;
    }

    /** Records a problem that is not about one malformed value (a missing combination, say). */
    public void problem(String problem) {
        problems.add(problem);
    }

    /** The trimmed value, or {@code def} when unset or blank. */
    public String string(String name, String def) {
        String v = env.get(name);
        return v == null || v.isBlank() ? def : v.trim();
    }

    /** A whole number in [min, max]; a malformed or out-of-range value is a problem and yields {@code def}. */
    public long integer(String name, long def, long min, long max) {
        String v = string(name, null);
        if (v == null) return def;
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) return n;
            problem(name + " must be between " + min + " and " + max + ", was " + v);
        } catch (NumberFormatException e) {
            problem(name + " must be a whole number, was '" + v + "'");
        }
        return def;
    }

    /** {@code true} or {@code false} (any case). */
    public boolean bool(String name, boolean def) {
        String v = string(name, null);
        if (v == null) return def;
        if (v.equalsIgnoreCase("true")) return true;
        if (v.equalsIgnoreCase("false")) return false;
        problem(name + " must be true or false, was '" + v + "'");
        return def;
    }

    /** An http(s) URL without its trailing slash, or {@code def} (which may be null) when unset. */
    public String url(String name, String def) {
        String v = string(name, def);
        if (v == null) return null;
        try {
            URI u = URI.create(v);
            if (u.getHost() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
                problem(name + " must be an http(s) URL, was '" + v + "'");
            }
        } catch (IllegalArgumentException e) {
            problem(name + " must be an http(s) URL, was '" + v + "'");
        }
        return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
    }

    /** Parses a variable that must be set; unset, or failing with {@link ConfigurationException}, it is a problem and yields null. */
    public <T> T required(String name, Supplier<T> parse) {
        if (string(name, null) == null) {
            problem(name + " is required");
            return null;
        }
        return optional(parse);
    }

    /**
     * Runs an adapter's own parser (such as {@code RedisConfig.fromUrl}); its {@link ConfigurationException},
     * which names the variable and never echoes a secret, becomes a problem and the result null.
     */
    public <T> T optional(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (ConfigurationException e) {
            problem(e.getMessage());
            return null;
        }
    }

    /** @throws ConfigException listing every problem found so far, if any */
    public void check() {
        if (!problems.isEmpty()) throw new ConfigException(problems);
    }
}
