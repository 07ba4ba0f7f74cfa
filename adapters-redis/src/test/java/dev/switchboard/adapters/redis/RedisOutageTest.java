package dev.switchboard.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.work.Invalidations;
import dev.switchboard.core.work.Lease;
import dev.switchboard.core.work.Task;
import dev.switchboard.core.work.WorkQueue;
import dev.switchboard.testkit.net.TcpProxy;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPooled;

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
    void the_rate_limiter_lets_through_while_redis_is_down() throws Exception {
        proxy.down();
        assertThat(throughProxy.rateLimiter().tryAcquire("send:pn1", 1, Duration.ofMinutes(1))).isTrue();
        assertThat(throughProxy.rateLimiter().tryAcquire("send:pn1", 1, Duration.ofMinutes(1))).isTrue();
        proxy.up();
        await("the limiter limiting again", () -> {
            String key = "send:" + UUID.randomUUID();
            return throughProxy.rateLimiter().tryAcquire(key, 1, Duration.ofMinutes(1))
                    && !throughProxy.rateLimiter().tryAcquire(key, 1, Duration.ofMinutes(1));
        });
    }

    @Test
    void invalidations_published_during_an_outage_reach_this_process_and_others_forget_everything_when_back() throws Exception {
        RedisInvalidations cut = throughProxy.invalidations();
        RedisInvalidations other = redis.open(prefix).invalidations();
        List<String> heardCut = new CopyOnWriteArrayList<>(), heardOther = new CopyOnWriteArrayList<>();
        cut.subscribe(heardCut::add);
        other.subscribe(heardOther::add);
        await("both subscribed", () -> cut.subscribed() && other.subscribed());

        proxy.down();
        await("the subscriber noticing the cut", () -> !cut.subscribed());
        heardCut.clear();
        cut.publish("directory");
        assertThat(heardCut).as("this process hears its own publish while Redis is away").containsExactly("directory");
        other.publish("agents");
        assertThat(heardCut).as("another process's publish cannot reach a cut-off subscriber").doesNotContain("agents");

        proxy.up();
        await("the subscriber back", cut::subscribed);
        assertThat(heardCut).as("it may have missed messages, so it forgets everything").contains(Invalidations.EVERYTHING);
        await("a publish from the other process reaching it again", () -> {
            other.publish("after");
            return heardCut.contains("after");
        });
    }

    @Test
    void a_subscriber_whose_connection_goes_silent_reconnects_and_forgets_everything() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        try (JedisPooled publisher = TestRedis.raw();
             RedisInvalidations silent = new RedisInvalidations(publisher,
                     () -> new Jedis("127.0.0.1", proxy.port(), 500), prefix, Duration.ofMillis(200))) {
            silent.subscribe(heard::add);
            await("subscribed", silent::subscribed);
            heard.clear();

            proxy.freeze(); // the socket stays open; nothing crosses it any more
            await("the silent connection given up", () -> !silent.subscribed());
            proxy.up();
            await("subscribed again", silent::subscribed);
            assertThat(heard).contains(Invalidations.EVERYTHING);
            await("messages flowing again", () -> {
                publisher.publish(prefix + "invalidations", "directory");
                return heard.contains("directory");
            });
        }
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
