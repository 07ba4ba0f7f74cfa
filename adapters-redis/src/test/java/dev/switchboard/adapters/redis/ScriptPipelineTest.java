package dev.switchboard.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisDataException;

/** {@link ScriptPipeline} on the real Redis: calls that overlap share round trips, and each gets its own answer. */
class ScriptPipelineTest {
    /** Keeps Redis busy for ARGV[1] ms, so the test knows a round trip is on the wire meanwhile. */
    private static final LuaScript BUSY = LuaScript.source("""
            local t0 = redis.call('TIME')
            local start = tonumber(t0[1]) * 1000 + math.floor(tonumber(t0[2]) / 1000)
            repeat
              local t = redis.call('TIME')
              local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            until now - start >= tonumber(ARGV[1])
            return 'busy'
            """);
    private static final LuaScript PUSH = LuaScript.source("return redis.call('RPUSH', KEYS[1], ARGV[1])");
    private static final LuaScript INCR = LuaScript.source("return redis.call('INCR', KEYS[1])");

    private final JedisPooled redis = TestRedis.raw();
    private final ScriptPipeline pipeline = new ScriptPipeline(redis);
    private final String prefix = TestRedis.newPrefix();

    @AfterEach
    void cleanUp() {
        TestRedis.deleteKeys(prefix);
        redis.close();
    }

    @Test
    void a_lone_call_is_one_round_trip_of_its_own() {
        assertThat(pipeline.run(PUSH, List.of(prefix + "list"), List.of("a"))).isEqualTo(1L);
        assertThat(pipeline.run(PUSH, List.of(prefix + "list"), List.of("b"))).isEqualTo(2L);
        assertThat(pipeline.calls()).isEqualTo(2);
        assertThat(pipeline.roundTrips()).isEqualTo(2);
    }

    @Test
    void calls_made_while_one_is_on_the_wire_share_the_next_round_trip_and_each_gets_its_answer() throws Exception {
        int callers = 20;
        CompletableFuture<Object> busy = busy();
        List<CompletableFuture<Object>> pushes = new ArrayList<>();
        for (int i = 0; i < callers; i++) pushes.add(call(PUSH, prefix + "list", "m" + i));
        queuedBehind(busy, callers);

        assertThat(busy.get(10, TimeUnit.SECONDS)).isEqualTo("busy");
        List<Long> lengths = new ArrayList<>();
        for (CompletableFuture<Object> p : pushes) lengths.add((Long) p.get(10, TimeUnit.SECONDS));
        // every push got its own reply: the list lengths 1…20, once each
        assertThat(lengths).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, callers).boxed().toList());
        assertThat(redis.lrange(prefix + "list", 0, -1)).hasSize(callers);
        assertThat(pipeline.calls()).isEqualTo(callers + 1);
        assertThat(pipeline.roundTrips()).as("the busy call, then the twenty together").isEqualTo(2);
    }

    @Test
    void a_call_that_fails_fails_only_its_caller() throws Exception {
        redis.rpush(prefix + "not-a-number", "x");
        CompletableFuture<Object> busy = busy();
        CompletableFuture<Object> before = call(INCR, prefix + "n", null);
        CompletableFuture<Object> wrong = call(INCR, prefix + "not-a-number", null);
        CompletableFuture<Object> after = call(INCR, prefix + "n", null);
        queuedBehind(busy, 3);

        busy.get(10, TimeUnit.SECONDS);
        assertThat(List.of(before.get(10, TimeUnit.SECONDS), after.get(10, TimeUnit.SECONDS))).containsExactlyInAnyOrder(1L, 2L);
        assertThatThrownBy(() -> wrong.join()).hasCauseInstanceOf(JedisDataException.class).cause().hasMessageContaining("WRONGTYPE");
        assertThat(pipeline.roundTrips()).isEqualTo(2);
    }

    @Test
    void scripts_redis_does_not_know_are_sent_in_full_inside_a_batch() throws Exception {
        // a script no test has run yet (its text is new), so Redis answers NOSCRIPT to the batch's EVALSHA
        LuaScript fresh = LuaScript.source("-- " + UUID.randomUUID() + "\nreturn redis.call('RPUSH', KEYS[1], ARGV[1])");
        CompletableFuture<Object> busy = busy();
        List<CompletableFuture<Object>> pushes = new ArrayList<>();
        for (int i = 0; i < 5; i++) pushes.add(call(fresh, prefix + "fresh", "m" + i));
        queuedBehind(busy, 5);

        busy.get(10, TimeUnit.SECONDS);
        List<Object> lengths = new ArrayList<>();
        for (CompletableFuture<Object> p : pushes) lengths.add(p.get(10, TimeUnit.SECONDS));
        assertThat(lengths).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
        assertThat(pipeline.roundTrips()).as("the retries in full are not counted as the pipeline's").isEqualTo(2);
    }

    @Test
    void a_redis_that_does_not_answer_fails_the_call() {
        try (JedisPooled nowhere = new JedisPooled("127.0.0.1", 1)) {
            ScriptPipeline dead = new ScriptPipeline(nowhere);
            assertThatThrownBy(() -> dead.run(PUSH, List.of(prefix + "list"), List.of("a")))
                    .isInstanceOf(redis.clients.jedis.exceptions.JedisConnectionException.class);
        }
    }

    /** Starts a call that keeps Redis busy for half a second and returns once it is on the wire. */
    private CompletableFuture<Object> busy() {
        CompletableFuture<Object> busy = call(BUSY, prefix + "unused", "500");
        await(pipeline::sending);
        return busy;
    }

    /** Waits until {@code n} calls queue behind the busy one, which must still be on the wire then. */
    private void queuedBehind(CompletableFuture<Object> busy, int n) {
        await(() -> pipeline.queued() == n);
        assertThat(busy).as("the calls queued while Redis was busy (else the machine stalled for 500 ms)").isNotDone();
    }

    private CompletableFuture<Object> call(LuaScript script, String key, String arg) {
        CompletableFuture<Object> answer = new CompletableFuture<>();
        Thread.startVirtualThread(() -> {
            try {
                answer.complete(pipeline.run(script, List.of(key), arg == null ? List.of() : List.of(arg)));
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 10 s");
            Thread.onSpinWait();
        }
    }
}
