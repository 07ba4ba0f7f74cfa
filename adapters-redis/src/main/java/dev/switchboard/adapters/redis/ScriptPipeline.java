package dev.switchboard.adapters.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * The script calls of many threads on few round trips. A caller that finds no batch of this pipeline
 * on the wire sends its call at once, alone, as {@link LuaScript#run} would. Callers that arrive
 * while a batch is on the wire queue up, and when it is answered the thread that sent it sends
 * everything queued meanwhile (up to {@value #MAX_BATCH} calls) as one pipelined write, read back
 * in one go. On a quiet system every call is a round trip of its own and waits for nothing; under
 * load (a webhook per request thread, a turn per worker thread) the calls share round trips, which
 * on loopback saves the system calls and wake-ups that are most of a small call's cost, on both
 * sides.
 *
 * <p>Every caller gets its own call's answer or exception: a script that fails (a
 * {@code JedisDataException}) fails only its caller; a batch whose connection broke fails every call
 * in it with that exception, as each would have failed alone, and each caller handles the outage as
 * before. A script Redis does not know (it restarted empty) is sent again in full for that caller.
 *
 * <p>Only scripts go through it: they never block in Redis, so no call waits behind another's
 * blocking read.
 */
final class ScriptPipeline {
    /** The most calls one round trip carries. */
    static final int MAX_BATCH = 128;

    private record Call(LuaScript script, List<String> keys, List<String> args, CompletableFuture<Object> answer) {}

    private final JedisPooled redis;
    private final ConcurrentLinkedQueue<Call> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final LongAdder calls = new LongAdder();
    private final LongAdder roundTrips = new LongAdder();

    ScriptPipeline(JedisPooled redis) {
        this.redis = redis;
    }

    /**
     * Runs {@code script} and waits for its answer.
     *
     * @throws redis.clients.jedis.exceptions.JedisException as {@link LuaScript#run} would
     */
    Object run(LuaScript script, List<String> keys, List<String> args) {
        Call call = new Call(script, keys, args, new CompletableFuture<>());
        queue.add(call);
        // Whoever holds `sending` drains the queue until it finds it empty, lets go, and looks once more
        // (taking `sending` again if something came): a call queued before a failed compareAndSet is
        // therefore always sent by whoever held `sending` at that moment, or by a later holder.
        if (!call.answer().isDone()) {
            while (sending.compareAndSet(false, true)) {
                try {
                    List<Call> batch;
                    while (!(batch = drain()).isEmpty()) send(batch);
                } finally {
                    sending.set(false);
                }
                if (queue.isEmpty()) break;
            }
        }
        try {
            return call.answer().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) throw failure;
            if (e.getCause() instanceof Error error) throw error;
            throw e;
        }
    }

    private List<Call> drain() {
        List<Call> batch = new ArrayList<>();
        Call next;
        while (batch.size() < MAX_BATCH && (next = queue.poll()) != null) batch.add(next);
        return batch;
    }

    private void send(List<Call> batch) {
        calls.add(batch.size()); // before roundTrips: read in the other order, round trips never exceed calls
        roundTrips.increment();
        if (batch.size() == 1) {
            alone(batch.getFirst());
            return;
        }
        List<Response<Object>> answers = new ArrayList<>(batch.size());
        try (Pipeline pipeline = redis.pipelined()) {
            for (Call c : batch) answers.add(pipeline.evalsha(c.script().sha(), c.keys(), c.args()));
            pipeline.sync();
        } catch (RuntimeException | Error e) {
            for (Call c : batch) c.answer().completeExceptionally(e);
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            Call c = batch.get(i);
            try {
                c.answer().complete(answers.get(i).get());
            } catch (JedisNoScriptException e) {
                alone(c); // sends the script in full, which caches it in Redis for the rest
            } catch (RuntimeException e) {
                c.answer().completeExceptionally(e);
            }
        }
    }

    private void alone(Call c) {
        try {
            c.answer().complete(c.script().run(redis, c.keys(), c.args()));
        } catch (RuntimeException | Error e) {
            c.answer().completeExceptionally(e);
        }
    }

    /** Calls waiting for a round trip. */
    int queued() {
        return queue.size();
    }

    /** Whether a thread is sending (its call or a batch is on the wire). */
    boolean sending() {
        return sending.get();
    }

    /** Script calls sent so far. */
    long calls() {
        return calls.sum();
    }

    /** Round trips that carried them: fewer than {@link #calls} once callers overlapped. */
    long roundTrips() {
        return roundTrips.sum();
    }
}
