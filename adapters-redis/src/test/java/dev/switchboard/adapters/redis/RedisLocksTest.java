package dev.switchboard.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.work.Locks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedisLocksTest {
    private final TestRedis redis = new TestRedis();

    @AfterEach
    void cleanUp() {
        redis.close();
    }

    @Test
    void of_twenty_processes_racing_for_one_lock_exactly_one_wins() throws Exception {
        String prefix = TestRedis.newPrefix();
        List<Locks> processes = new ArrayList<>();
        for (int i = 0; i < 4; i++) processes.add(redis.open(prefix).locks());
        String key = "conv:" + UUID.randomUUID();
        ConcurrentLinkedQueue<Locks.Lock> won = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Locks locks = processes.get(i % processes.size());
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                locks.tryAcquire(key, Duration.ofSeconds(10)).ifPresent(won::add);
            }));
        }
        start.countDown();
        for (Thread t : threads) t.join();
        assertThat(won).hasSize(1);
    }

    @Test
    void fencing_tokens_grow_with_every_acquisition_across_processes() {
        String prefix = TestRedis.newPrefix();
        Locks a = redis.open(prefix).locks(), b = redis.open(prefix).locks();
        String key = "conv:" + UUID.randomUUID();
        long last = 0;
        for (int i = 0; i < 6; i++) {
            Optional<Locks.Lock> lock = (i % 2 == 0 ? a : b).tryAcquire(key, Duration.ofSeconds(10));
            assertThat(lock).isPresent();
            assertThat(lock.get().fencingToken()).isGreaterThan(last);
            last = lock.get().fencingToken();
            lock.get().close();
        }
    }

    @Test
    void a_failed_attempt_does_not_use_up_a_fencing_token() {
        Locks locks = redis.open().locks();
        String key = "conv:" + UUID.randomUUID();
        Locks.Lock first = locks.tryAcquire(key, Duration.ofSeconds(10)).orElseThrow();
        assertThat(locks.tryAcquire(key, Duration.ofSeconds(10))).isEmpty();
        first.close();
        assertThat(locks.tryAcquire(key, Duration.ofSeconds(10)).orElseThrow().fencingToken()).isEqualTo(first.fencingToken() + 1);
    }
}
