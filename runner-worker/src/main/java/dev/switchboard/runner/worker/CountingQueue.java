package dev.switchboard.runner.worker;

import dev.switchboard.core.work.Lease;
import dev.switchboard.core.work.Task;
import dev.switchboard.core.work.WorkQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The worker's queue, counting what becomes of the tasks it hands out, per task kind, for the
 * {@code switchboard_worker_tasks_*} meters of {@code /metrics}. A task the engine postpones (a debounce window still open) is scheduled again
 * and then completed on the same thread; that completion counts as postponed, not done.
 */
final class CountingQueue implements WorkQueue {
    private final WorkQueue queue;
    private final Map<String, LongAdder> done = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> postponed = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> released = new ConcurrentHashMap<>();
    private final ThreadLocal<Task> scheduledHere = new ThreadLocal<>();

    CountingQueue(WorkQueue queue) {
        this.queue = queue;
    }

    @Override
    public void submit(Task task) {
        queue.submit(task);
    }

    @Override
    public void schedule(Task task, Instant at) {
        queue.schedule(task, at);
        scheduledHere.set(task);
    }

    @Override
    public Optional<Lease> take(Duration maxWait) throws InterruptedException {
        scheduledHere.remove();
        return queue.take(maxWait);
    }

    @Override
    public void complete(Lease lease) {
        queue.complete(lease);
        boolean again = lease.task().equals(scheduledHere.get());
        scheduledHere.remove();
        count(again ? postponed : done, lease.task());
    }

    @Override
    public void release(Lease lease, Duration delay) {
        queue.release(lease, delay);
        scheduledHere.remove();
        count(released, lease.task());
    }

    @Override
    public boolean healthy() {
        return queue.healthy();
    }

    private static void count(Map<String, LongAdder> counters, Task task) {
        counters.computeIfAbsent(task.kind(), k -> new LongAdder()).increment();
    }

    long done(String kind) {
        return sum(done, kind);
    }

    long postponed(String kind) {
        return sum(postponed, kind);
    }

    long released(String kind) {
        return sum(released, kind);
    }

    private static long sum(Map<String, LongAdder> counters, String kind) {
        LongAdder a = counters.get(kind);
        return a == null ? 0 : a.sum();
    }
}
