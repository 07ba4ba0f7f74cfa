package dev.switchboard.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedisCacheTest {
    private final TestRedis redis = new TestRedis();

    @AfterEach
    void cleanUp() {
        redis.close();
    }

    @Test
    void a_value_is_shared_between_processes_until_invalidated() {
        String prefix = TestRedis.newPrefix();
        RedisCache a = redis.open(prefix).cache(), b = redis.open(prefix).cache();
        a.put("agent-by-pn:1065", "agt_1", Duration.ofMinutes(1));
        assertThat(b.get("agent-by-pn:1065")).contains("agt_1");
        b.invalidate("agent-by-pn:1065");
        assertThat(a.get("agent-by-pn:1065")).isEmpty();
    }

    @Test
    void an_entry_ends_with_its_ttl() throws Exception {
        RedisCache cache = redis.open().cache();
        cache.put("credits:usr_1", "42", Duration.ofMillis(300));
        assertThat(cache.get("credits:usr_1")).contains("42");
        Thread.sleep(500);
        assertThat(cache.get("credits:usr_1")).isEmpty();
    }

    @Test
    void invalidating_a_prefix_removes_only_keys_that_start_with_it_even_with_glob_characters() {
        RedisCache cache = redis.open().cache();
        for (int i = 0; i < 1200; i++) cache.put("agent-by-pn:" + i, "agt_" + i, Duration.ofMinutes(1));
        cache.put("t[1]*:a", "x", Duration.ofMinutes(1));
        cache.put("t1:a", "y", Duration.ofMinutes(1));
        cache.put("credits:usr_1", "42", Duration.ofMinutes(1));

        assertThat(cache.invalidatePrefix("agent-by-pn:")).isEqualTo(1200);
        assertThat(cache.invalidatePrefix("t[1]*")).isEqualTo(1);
        assertThat(cache.get("agent-by-pn:7")).isEmpty();
        assertThat(cache.get("t1:a")).contains("y");
        assertThat(cache.get("credits:usr_1")).contains("42");
    }

    @Test
    void get_or_load_loads_once_and_does_not_cache_an_absent_value() {
        RedisCache cache = redis.open().cache();
        AtomicInteger loads = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            assertThat(cache.getOrLoad("agent-by-pn:9", Duration.ofMinutes(1), () -> {
                loads.incrementAndGet();
                return "agt_9";
            })).contains("agt_9");
        }
        assertThat(loads.get()).isEqualTo(1);
        assertThat(cache.getOrLoad("agent-by-pn:none", Duration.ofMinutes(1), () -> null)).isEmpty();
        assertThat(cache.getOrLoad("agent-by-pn:none", Duration.ofMinutes(1), () -> "late")).contains("late");
    }
}
