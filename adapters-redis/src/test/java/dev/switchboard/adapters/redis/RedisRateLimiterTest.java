package dev.switchboard.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.support.InvalidInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedisRateLimiterTest {
    private final TestRedis redis = new TestRedis();

    @AfterEach
    void cleanUp() {
        redis.close();
    }

    private static String key() {
        return "send:" + UUID.randomUUID();
    }

    private static List<Thread> callers(int n, CountDownLatch start, Runnable body) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                body.run();
            }));
        }
        return threads;
    }

    @Test
    void twenty_concurrent_callers_get_exactly_the_limit_within_one_window() throws Exception {
        RedisRateLimiter limiter = redis.open().rateLimiter();
        String key = key();
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = callers(20, start, () -> {
            for (int i = 0; i < 10; i++) if (limiter.tryAcquire(key, 7, Duration.ofMinutes(1))) admitted.incrementAndGet();
        });
        start.countDown();
        for (Thread t : threads) t.join();
        assertThat(admitted.get()).isEqualTo(7);
        assertThat(limiter.waitTime(key, 7, Duration.ofMinutes(1))).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));
        assertThat(limiter.tryAcquire(key(), 7, Duration.ofMinutes(1))).as("another key has its own budget").isTrue();
    }

    @Test
    void under_sustained_load_no_window_admits_more_than_the_limit() throws Exception {
        RedisRateLimiter limiter = redis.open().rateLimiter();
        String key = key();
        int permits = 5;
        Duration window = Duration.ofMillis(250);
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        long runFor = Duration.ofMillis(1500).toNanos();
        long[] span = new long[2];
        List<Thread> threads = callers(20, start, () -> {
            long until = span[0] + runFor;
            while (System.nanoTime() < until) if (limiter.tryAcquire(key, permits, window)) admitted.incrementAndGet();
        });
        span[0] = System.nanoTime();
        start.countDown();
        for (Thread t : threads) t.join();
        span[1] = System.nanoTime();
        // admissions lie within the run; a sliding window of W admits at most N per W, plus the first window
        long windows = (span[1] - span[0]) / window.toNanos() + 1;
        System.out.printf("rate limiter: %d admitted in %d ms at %d per %d ms%n", admitted.get(),
                (span[1] - span[0]) / 1_000_000, permits, window.toMillis());
        assertThat(admitted.get()).isBetween(permits, (int) (permits * windows));
    }

    @Test
    void permits_come_back_as_the_window_slides_and_peeking_takes_none() throws Exception {
        RedisRateLimiter limiter = redis.open().rateLimiter();
        String key = key();
        Duration window = Duration.ofMillis(400);
        assertThat(limiter.waitTime(key, 2, window)).isZero();
        assertThat(limiter.tryAcquire(key, 2, window)).isTrue();
        assertThat(limiter.acquireOrWait(key, 2, window)).isZero();
        Duration wait = limiter.acquireOrWait(key, 2, window);
        assertThat(wait).isPositive().isLessThanOrEqualTo(window);
        Thread.sleep(wait.toMillis() + 50);
        assertThat(limiter.tryAcquire(key, 2, window)).isTrue();
    }

    /** What callers racing for one paced key saw: admissions, waits outside (0, spacing], and how long they ran. */
    private record Paced(int admitted, int badWaits, long nanos) {
        long slots(Duration spacing) {
            return nanos / spacing.toNanos() + 1; // an admission at the start and one per spacing after it
        }
    }

    /** {@code callers} threads calling the limiters in turn on one key for {@code runFor}. */
    private static Paced pace(List<RedisRateLimiter> limiters, String key, Duration spacing, int callers, Duration runFor)
            throws InterruptedException {
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger badWaits = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        long[] began = new long[1];
        List<Thread> threads = callers(callers, start, () -> {
            long until = began[0] + runFor.toNanos();
            int n = 0;
            while (System.nanoTime() < until) {
                Duration wait = limiters.get(n++ % limiters.size()).tryAcquire(key, spacing);
                if (wait.isZero()) admitted.incrementAndGet();
                else if (wait.isNegative() || wait.compareTo(spacing) > 0) badWaits.incrementAndGet();
            }
        });
        began[0] = System.nanoTime();
        start.countDown();
        for (Thread t : threads) t.join();
        Paced paced = new Paced(admitted.get(), badWaits.get(), System.nanoTime() - began[0]);
        System.out.printf("pacing: %d admitted in %d ms at one per %d µs%n", paced.admitted(), paced.nanos() / 1_000_000,
                spacing.toNanos() / 1_000);
        return paced;
    }

    @Test
    void pacing_admits_one_action_per_spacing_across_two_processes_and_tells_the_others_how_long_to_wait() throws Exception {
        RedisAdapters first = redis.open();
        RedisRateLimiter a = first.rateLimiter(), b = redis.open(first.config().keyPrefix()).rateLimiter(); // one prefix, two pools
        Duration spacing = Duration.ofMillis(50);
        Paced paced = pace(List.of(a, b), key(), spacing, 16, Duration.ofMillis(1000));
        assertThat(paced.admitted()).isBetween((int) paced.slots(spacing) / 2, (int) paced.slots(spacing));
        assertThat(paced.badWaits()).as("waits outside (0, spacing]").isZero();
    }

    @Test
    void pacing_below_a_millisecond_is_kept_to_the_microsecond_not_rounded_to_redis_expiry() throws Exception {
        Duration spacing = Duration.ofNanos(200_000); // 5,000 a second
        Paced paced = pace(List.of(redis.open().rateLimiter()), key(), spacing, 8, Duration.ofMillis(500));
        // more than one a millisecond (a millisecond expiry admits at most one), never more than one per 200 µs
        assertThat(paced.admitted()).isBetween((int) (paced.nanos() / 1_000_000 * 1.2), (int) paced.slots(spacing));
        assertThat(paced.badWaits()).as("waits outside (0, spacing]").isZero();
    }

    @Test
    void a_paced_key_is_free_again_after_the_wait_it_named_and_keys_pace_apart() throws Exception {
        RedisRateLimiter limiter = redis.open().rateLimiter();
        String key = key();
        Duration spacing = Duration.ofMillis(300);
        assertThat(limiter.tryAcquire(key, spacing)).isZero();
        Duration wait = limiter.tryAcquire(key, spacing);
        assertThat(wait).isPositive().isLessThanOrEqualTo(spacing);
        assertThat(limiter.tryAcquire(key(), spacing)).as("another key").isZero();
        Thread.sleep(wait.toMillis() + 20);
        assertThat(limiter.tryAcquire(key, spacing)).isZero();
        assertThat(limiter.tryAcquire(key, Duration.ZERO)).as("no spacing, no wait").isZero();
    }

    @Test
    void bad_arguments_are_refused_by_name() {
        RedisRateLimiter limiter = redis.open().rateLimiter();
        assertThatThrownBy(() -> limiter.tryAcquire("k", 0, Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("permits"));
        assertThatThrownBy(() -> limiter.tryAcquire("k", 1, Duration.ZERO))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("per"));
        assertThatThrownBy(() -> limiter.tryAcquire(" ", 1, Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("key"));
    }
}
