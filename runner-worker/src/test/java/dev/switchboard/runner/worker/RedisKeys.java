package dev.switchboard.runner.worker;

import java.net.URI;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** Deletes a test's keys from the shared Redis. */
final class RedisKeys {
    private RedisKeys() {}

    static void delete(String redisUrl, String prefix) {
        URI u = URI.create(redisUrl);
        try (JedisPooled redis = new JedisPooled(u.getHost(), u.getPort() < 0 ? 6379 : u.getPort())) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = redis.scan(cursor, new ScanParams().match(prefix + "*").count(1000));
                if (!page.getResult().isEmpty()) redis.del(page.getResult().toArray(String[]::new));
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
    }
}
