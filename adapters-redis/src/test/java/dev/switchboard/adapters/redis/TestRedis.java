package dev.switchboard.adapters.redis;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The real Redis of the tests (TEST_REDIS_URL, default redis://127.0.0.1:6379). Every adapter it
 * opens gets its own random key prefix unless given one; {@link #close} closes them all and deletes
 * every key under those prefixes.
 */
final class TestRedis implements AutoCloseable {
    static final String URL = System.getenv().getOrDefault("TEST_REDIS_URL", "redis://127.0.0.1:6379");

    private final List<RedisAdapters> opened = new ArrayList<>();
    private final List<String> prefixes = new ArrayList<>();

    static String newPrefix() {
        return "sbtest:" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    RedisAdapters open() {
        return open(newPrefix());
    }

    RedisAdapters open(String prefix) {
        return open(RedisConfig.fromUrl(URL).withKeyPrefix(prefix));
    }

    RedisAdapters open(RedisConfig config) {
        RedisAdapters adapters = RedisAdapters.start(config);
        opened.add(adapters);
        if (!prefixes.contains(config.keyPrefix())) prefixes.add(config.keyPrefix());
        return adapters;
    }

    /** A plain client on the test Redis, for looking behind the adapters. */
    static JedisPooled raw() {
        URI u = URI.create(URL);
        return new JedisPooled(u.getHost(), u.getPort() < 0 ? 6379 : u.getPort());
    }

    static long deleteKeys(String prefix) {
        long n = 0;
        try (JedisPooled redis = raw()) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = redis.scan(cursor, new ScanParams().match(prefix + "*").count(1000));
                if (!page.getResult().isEmpty()) n += redis.del(page.getResult().toArray(String[]::new));
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
        return n;
    }

    @Override
    public void close() {
        opened.forEach(RedisAdapters::close);
        opened.clear();
        prefixes.forEach(TestRedis::deleteKeys);
        prefixes.clear();
    }
}
