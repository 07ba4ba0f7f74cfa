package dev.switchboard.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.work.Invalidations;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedisInvalidationsTest {
    private final TestRedis redis = new TestRedis();

    @AfterEach
    void cleanUp() {
        redis.close();
    }

    @Test
    void a_quiet_subscription_outlives_the_socket_timeout_without_reconnecting() throws Exception {
        // with a 300 ms command timeout a subscriber that timed out its reads would reconnect, and
        // hand its listeners EVERYTHING (flushing their caches), several times a second
        RedisInvalidations invalidations = redis.open(RedisConfig.fromUrl(TestRedis.URL).withKeyPrefix(TestRedis.newPrefix())
                .withTimeout(Duration.ofMillis(300))).invalidations();
        List<String> heard = new CopyOnWriteArrayList<>();
        invalidations.subscribe(heard::add);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!invalidations.subscribed() && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(invalidations.subscribed()).isTrue();
        heard.clear();

        Thread.sleep(2_000);

        assertThat(invalidations.subscribed()).isTrue();
        assertThat(heard).as("no reconnect, so no reset").doesNotContain(Invalidations.EVERYTHING);
    }
}
