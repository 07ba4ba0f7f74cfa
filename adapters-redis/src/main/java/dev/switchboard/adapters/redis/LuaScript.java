package dev.switchboard.adapters.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A Lua script run by its SHA-1; when Redis does not know it (first use, or Redis restarted empty)
 * it is sent once in full, which also caches it there.
 */
final class LuaScript {
    private final String source;
    private final String sha;

    private LuaScript(String source) {
        this.source = source;
        try {
            this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }

    /** The script made of these resources (next to this class), in order. */
    static LuaScript of(String... resources) {
        StringBuilder text = new StringBuilder();
        for (String name : resources) {
            try (InputStream in = LuaScript.class.getResourceAsStream(name)) {
                if (in == null) throw new IllegalStateException("missing script resource " + name);
                text.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read script resource " + name, e);
            }
        }
        return new LuaScript(text.toString());
    }

    static LuaScript source(String source) {
        return new LuaScript(source);
    }

    String sha() {
        return sha;
    }

    Object run(UnifiedJedis redis, List<String> keys, List<String> args) {
        try {
            return redis.evalsha(sha, keys, args);
        } catch (JedisNoScriptException e) {
            return redis.eval(source, keys, args);
        }
    }
}
