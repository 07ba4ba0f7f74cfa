package dev.switchboard.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.work.Lease;
import dev.switchboard.core.work.Task;
import dev.switchboard.core.work.WorkQueue;
import dev.switchboard.testkit.net.TcpProxy;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Redis going away and coming back, through a proxy the test cuts (the shared Redis keeps running). */
class RedisOutageTest {
    private final TestRedis redis = new TestRedis();
    private TcpProxy proxy;
    private String prefix;
    private RedisAdapters throughProxy;

    @BeforeEach
    void start() throws Exception {
        URI target = URI.create(TestRedis.URL);
        proxy = new TcpProxy(target.getHost(), target.getPort() < 0 ? 6379 : target.getPort());
        prefix = TestRedis.newPrefix();
        throughProxy = redis.open(RedisConfig.fromUrl("redis://127.0.0.1:" + proxy.port()).withKeyPrefix(prefix)
                .withTimeout(Duration.ofMillis(500)));
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        redis.close();
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(50);
        }
    }

    @Test
    void tasks_submitted_while_redis_is_down_are_queued_once_it_answers_again() throws Exception {
        RedisWorkQueue q = throughProxy.workQueue(Duration.ofSeconds(30));
        Task submitted = Task.turn("conv_" + UUID.randomUUID()), scheduled = Task.extract("conv_" + UUID.randomUUID());
        proxy.down();

        q.submit(submitted);
        q.schedule(scheduled, Instant.now());
        assertThat(q.heldTasks()).isEqualTo(2);
        assertThat(q.healthy()).isFalse();
        assertThat(q.take(Duration.ofMillis(300))).isEmpty();

        proxy.up();
        await("held tasks written", () -> q.heldTasks() == 0);
        assertThat(q.healthy()).isTrue();
        WorkQueue direct = redis.open(prefix).workQueue(Duration.ofSeconds(30));
        Set<Task> taken = new HashSet<>();
        for (Optional<Lease> l; (l = direct.take(Duration.ofSeconds(1))).isPresent(); ) {
            taken.add(l.get().task());
            direct.complete(l.get());
        }
        assertThat(taken).containsExactlyInAnyOrder(submitted, scheduled);
    }

    @Test
    void workers_wait_through_an_outage_and_take_work_again_after_it() throws Exception {
        RedisWorkQueue q = throughProxy.workQueue(Duration.ofSeconds(30));
        proxy.down();
        assertThat(q.take(Duration.ofMillis(300))).isEmpty();
        proxy.up();
        Task t = Task.turn("conv_" + UUID.randomUUID());
        q.submit(t);
        Lease lease = q.take(Duration.ofSeconds(5)).orElseThrow();
        assertThat(lease.task()).isEqualTo(t);
        q.complete(lease);
    }

    @Test
    void dedup_lets_messages_through_while_redis_is_down_and_deduplicates_again_once_it_answers() throws Exception {
        var dedup = throughProxy.dedup();
        String key = "in:pn:" + UUID.randomUUID();
        proxy.down();
        assertThat(dedup.firstSeen(key, Duration.ofMinutes(1))).isTrue();
        assertThat(dedup.firstSeen(key, Duration.ofMinutes(1))).isTrue();
        proxy.up();
        await("dedup deduplicating again", () -> {
            String fresh = "in:pn:" + UUID.randomUUID();
            return dedup.firstSeen(fresh, Duration.ofMinutes(1)) && !dedup.firstSeen(fresh, Duration.ofMinutes(1));
        });
    }

    @Test
    void the_cache_misses_and_the_rate_limiter_lets_through_while_redis_is_down() throws Exception {
        throughProxy.cache().put("agent:pn1", "agt_1", Duration.ofMinutes(1));
        proxy.down();
        assertThat(throughProxy.cache().get("agent:pn1")).isEmpty();
        throughProxy.cache().put("agent:pn2", "agt_2", Duration.ofMinutes(1));
        assertThat(throughProxy.rateLimiter().tryAcquire("send:pn1", 1, Duration.ofMinutes(1))).isTrue();
        assertThat(throughProxy.rateLimiter().tryAcquire("send:pn1", 1, Duration.ofMinutes(1))).isTrue();
        proxy.up();
        await("the cache answering again", () -> throughProxy.cache().get("agent:pn1").isPresent());
        assertThat(throughProxy.cache().get("agent:pn1")).contains("agt_1");
        assertThat(throughProxy.cache().get("agent:pn2")).as("a put during the outage is not kept").isEmpty();
    }

    @Test
    void when_redis_stops_answering_calls_skip_it_instead_of_each_waiting_for_a_timeout() throws Exception {
        RedisWorkQueue q = throughProxy.workQueue(Duration.ofSeconds(30));
        var dedup = throughProxy.dedup();
        proxy.blackhole();
        int before = proxy.accepted();
        for (int i = 0; i < 40; i++) {
            q.submit(Task.turn("conv_" + UUID.randomUUID()));
            assertThat(dedup.firstSeen("in:pn:" + UUID.randomUUID(), Duration.ofMinutes(1))).isTrue();
        }
        assertThat(q.heldTasks()).isEqualTo(40);
        // without skipping, each of the 80 calls would open a connection and wait out its timeout
        assertThat(proxy.accepted() - before).as("connections tried while Redis was silent").isLessThan(10);
    }

    @Test
    void health_is_false_without_throwing_when_nothing_listens() {
        RedisAdapters nowhere = redis.open(RedisConfig.fromUrl("redis://127.0.0.1:" + unusedPort()).withKeyPrefix(prefix));
        assertThat(nowhere.health().healthy()).isFalse();
        assertThat(throughProxy.health().healthy()).isTrue();
    }

    private static int unusedPort() {
        try (var s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
