package dev.switchboard.testkit.work;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.work.Lease;
import dev.switchboard.core.work.Task;
import dev.switchboard.core.work.WorkQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Contract for {@link WorkQueue}: at least once, one lease per key at a time, debounce by schedule, lease expiry. */
public abstract class WorkQueueContract {

    /** A fresh, empty queue whose leases expire after {@code leaseTime}. */
    protected abstract WorkQueue queue(Duration leaseTime);

    private static String key() {
        return "conv_" + UUID.randomUUID();
    }

    private static Lease take(WorkQueue q) throws InterruptedException {
        return q.take(Duration.ofSeconds(5)).orElseThrow(() -> new AssertionError("no task within 5 s"));
    }

    @Test
    void submitted_task_is_taken_and_completed_once() throws Exception {
        WorkQueue q = queue(Duration.ofSeconds(30));
        Task t = Task.turn(key());
        q.submit(t);
        Lease lease = take(q);
        assertThat(lease.task()).isEqualTo(t);
        q.complete(lease);
        assertThat(q.take(Duration.ofMillis(300))).isEmpty();
    }

    @Test
    void a_key_is_never_leased_twice_at_once_and_work_arriving_meanwhile_runs_after() throws Exception {
        WorkQueue q = queue(Duration.ofSeconds(30));
        Task t = Task.turn(key());
        q.submit(t);
        Lease first = take(q);
        q.submit(t);
        assertThat(q.take(Duration.ofMillis(300))).isEmpty();
        q.complete(first);
        Lease second = take(q);
        assertThat(second.task()).isEqualTo(t);
        q.complete(second);
        assertThat(q.take(Duration.ofMillis(300))).isEmpty();
    }

    @Test
    void different_keys_are_leased_in_parallel() throws Exception {
        WorkQueue q = queue(Duration.ofSeconds(30));
        Task a = Task.turn(key()), b = Task.turn(key());
        q.submit(a);
        q.submit(b);
        Lease la = take(q), lb = take(q);
        assertThat(Set.of(la.task(), lb.task())).containsExactlyInAnyOrder(a, b);
        q.complete(la);
        q.complete(lb);
    }

    @Test
    void scheduled_task_waits_and_a_later_schedule_replaces_the_earlier() throws Exception {
        WorkQueue q = queue(Duration.ofSeconds(30));
        Task t = Task.turn(key());
        q.schedule(t, Instant.now().plusMillis(300));
        q.schedule(t, Instant.now().plusMillis(1200));
        assertThat(q.take(Duration.ofMillis(700))).isEmpty();
        Lease lease = take(q);
        assertThat(lease.task()).isEqualTo(t);
        q.complete(lease);
        assertThat(q.take(Duration.ofMillis(500))).isEmpty();
    }

    @Test
    void among_many_scheduled_tasks_the_due_ones_come_out_and_a_moved_schedule_counts_once() throws Exception {
        WorkQueue q = queue(Duration.ofSeconds(30));
        Instant later = Instant.now().plus(Duration.ofHours(1));
        for (int i = 0; i < 2_000; i++) q.schedule(Task.extract(key()), later.plusMillis(i)); // waiting, as each conversation's extraction does
        Task second = Task.turn(key()), first = Task.turn(key()), moved = Task.turn(key());
        q.schedule(second, Instant.now().minusMillis(10));
        q.schedule(first, Instant.now().minusMillis(20));
        q.schedule(moved, Instant.now().minusMillis(30));
        q.schedule(moved, later); // moved to later: not due now, and its earlier time no longer counts
        Lease a = take(q), b = take(q);
        assertThat(List.of(a.task(), b.task())).containsExactlyInAnyOrder(first, second);
        q.complete(a);
        q.complete(b);
        assertThat(q.take(Duration.ofMillis(300))).isEmpty();
    }

    @Test
    void released_task_comes_back_after_its_delay() throws Exception {
        WorkQueue q = queue(Duration.ofSeconds(30));
        Task t = Task.extract(key());
        q.submit(t);
        q.release(take(q), Duration.ofMillis(400));
        assertThat(q.take(Duration.ofMillis(150))).isEmpty();
        Lease again = take(q);
        assertThat(again.task()).isEqualTo(t);
        q.complete(again);
    }

    @Test
    void a_lease_that_is_never_completed_expires_and_the_task_is_redelivered() throws Exception {
        WorkQueue q = queue(Duration.ofMillis(500));
        Task t = Task.turn(key());
        q.submit(t);
        Lease lost = take(q);
        Lease redelivered = take(q);
        assertThat(redelivered.task()).isEqualTo(t);
        q.complete(lost); // the stale holder's completion must not drop the redelivered lease's task
        q.complete(redelivered);
        assertThat(q.take(Duration.ofMillis(300))).isEmpty();
    }

    @Test
    void many_workers_process_every_task_and_never_one_key_concurrently() throws Exception {
        WorkQueue q = queue(Duration.ofSeconds(30));
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 20; i++) keys.add(key());
        for (int round = 0; round < 5; round++) for (String k : keys) q.submit(Task.turn(k));
        Set<String> active = ConcurrentHashMap.newKeySet();
        Set<String> done = ConcurrentHashMap.newKeySet();
        AtomicInteger overlaps = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            workers.add(Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        Optional<Lease> lease = q.take(Duration.ofMillis(800));
                        if (lease.isEmpty()) return;
                        String k = lease.get().task().key();
                        if (!active.add(k)) overlaps.incrementAndGet();
                        Thread.sleep(5);
                        active.remove(k);
                        done.add(k);
                        q.complete(lease.get());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread t : workers) t.join(Duration.ofSeconds(30));
        assertThat(overlaps.get()).isZero();
        assertThat(done).containsExactlyInAnyOrderElementsOf(keys);
    }
}
