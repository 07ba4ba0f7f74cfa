package dev.switchboard.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.work.Lease;
import dev.switchboard.core.work.Task;
import dev.switchboard.core.work.WorkQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the queue promises beyond the contract kit: durability, several processes, coalescing, recovery. */
class RedisWorkQueueTest {
    private static final Duration LEASE = Duration.ofSeconds(30);
    private final TestRedis redis = new TestRedis();

    @AfterEach
    void cleanUp() {
        redis.close();
    }

    private static Task turn() {
        return Task.turn("conv_" + UUID.randomUUID());
    }

    private static Lease take(WorkQueue q) throws InterruptedException {
        return q.take(Duration.ofSeconds(5)).orElseThrow(() -> new AssertionError("no task within 5 s"));
    }

    @Test
    void scheduled_and_submitted_tasks_survive_closing_and_reopening_the_adapters() throws Exception {
        String prefix = TestRedis.newPrefix();
        Task now = turn(), later = Task.extract("conv_" + UUID.randomUUID());
        RedisAdapters first = redis.open(prefix);
        WorkQueue q1 = first.workQueue(LEASE);
        q1.submit(now);
        q1.schedule(later, Instant.now().plusMillis(500));
        first.close();

        WorkQueue q2 = redis.open(prefix).workQueue(LEASE);
        Lease a = take(q2);
        q2.complete(a);
        Lease b = take(q2);
        q2.complete(b);
        assertThat(List.of(a.task(), b.task())).containsExactly(now, later);
        assertThat(q2.take(Duration.ofMillis(300))).isEmpty();
    }

    @Test
    void a_lease_held_when_its_process_died_is_handed_to_another_process_after_the_lease_time() throws Exception {
        String prefix = TestRedis.newPrefix();
        Task t = turn();
        RedisAdapters dying = redis.open(prefix);
        WorkQueue q1 = dying.workQueue(Duration.ofMillis(500));
        q1.submit(t);
        take(q1);
        dying.close(); // never completes

        WorkQueue q2 = redis.open(prefix).workQueue(Duration.ofMillis(500));
        Lease again = take(q2);
        assertThat(again.task()).isEqualTo(t);
        q2.complete(again);
        assertThat(q2.take(Duration.ofMillis(300))).isEmpty();
    }

    @Test
    void a_renewing_queue_keeps_a_slow_task_while_its_process_lives_and_hands_it_over_when_the_process_dies() throws Exception {
        String prefix = TestRedis.newPrefix();
        RedisAdapters slowProcess = redis.open(prefix);
        WorkQueue slow = slowProcess.renewingWorkQueue(Duration.ofMillis(400));
        WorkQueue other = redis.open(prefix).renewingWorkQueue(Duration.ofMillis(400));
        Task t = turn();
        slow.submit(t);
        take(slow);
        assertThat(other.take(Duration.ofMillis(1500))).as("still leased after several lease times").isEmpty();

        slowProcess.close(); // renewals stop, as when the process dies
        Lease again = take(other);
        assertThat(again.task()).isEqualTo(t);
        other.complete(again);
        assertThat(other.take(Duration.ofMillis(300))).isEmpty();
    }

    @Test
    void work_submitted_by_one_process_while_another_holds_the_key_runs_after_that_lease() throws Exception {
        String prefix = TestRedis.newPrefix();
        WorkQueue a = redis.open(prefix).workQueue(LEASE), b = redis.open(prefix).workQueue(LEASE);
        Task t = turn();
        a.submit(t);
        Lease held = take(a);
        b.submit(t);
        b.submit(Task.extract(t.key())); // another kind, same conversation: also waits
        assertThat(b.take(Duration.ofMillis(300))).isEmpty();
        a.complete(held);
        Lease first = take(b);
        b.complete(first);
        Lease second = take(b);
        b.complete(second);
        assertThat(Set.of(first.task(), second.task())).containsExactlyInAnyOrder(t, Task.extract(t.key()));
        assertThat(a.take(Duration.ofMillis(300))).isEmpty();
    }

    @Test
    void duplicate_waiting_tasks_are_coalesced_into_one_delivery() throws Exception {
        WorkQueue q = redis.open().workQueue(LEASE);
        Task t = turn();
        for (int i = 0; i < 5; i++) q.submit(t);
        q.complete(take(q));
        assertThat(q.take(Duration.ofMillis(300))).isEmpty();
    }

    @Test
    void one_conversations_turn_and_extraction_are_never_leased_at_once() throws Exception {
        WorkQueue q = redis.open().workQueue(LEASE);
        Task turn = turn(), extract = Task.extract(turn.key());
        q.submit(turn);
        q.submit(extract);
        Lease first = take(q);
        assertThat(q.take(Duration.ofMillis(300))).isEmpty();
        q.complete(first);
        Lease second = take(q);
        assertThat(Set.of(first.task(), second.task())).containsExactlyInAnyOrder(turn, extract);
        q.complete(second);
    }

    @Test
    void two_processes_sharing_a_prefix_never_run_one_key_at_once_and_together_run_every_key_after_its_last_submit()
            throws Exception {
        String prefix = TestRedis.newPrefix();
        // renewing, as the worker processes use it (the contract kit runs the plain queue the same way)
        List<WorkQueue> processes = List.of(redis.open(prefix).renewingWorkQueue(Duration.ofSeconds(2)),
                redis.open(prefix).renewingWorkQueue(Duration.ofSeconds(2)));
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 40; i++) keys.add("conv_" + UUID.randomUUID());
        Map<String, Long> lastSubmit = new ConcurrentHashMap<>();
        Map<String, Long> lastStart = new ConcurrentHashMap<>();
        Set<String> active = ConcurrentHashMap.newKeySet();
        AtomicInteger overlaps = new AtomicInteger(), runs = new AtomicInteger();

        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            WorkQueue q = processes.get(p);
            threads.add(Thread.ofVirtual().start(() -> {
                for (int round = 0; round < 5; round++) {
                    for (String k : keys) {
                        lastSubmit.merge(k, System.nanoTime(), Math::max);
                        q.submit(Task.turn(k));
                    }
                }
            }));
            for (int w = 0; w < 4; w++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        while (true) {
                            Optional<Lease> lease = q.take(Duration.ofSeconds(1));
                            if (lease.isEmpty()) return;
                            String k = lease.get().task().key();
                            lastStart.merge(k, System.nanoTime(), Math::max);
                            if (!active.add(k)) overlaps.incrementAndGet();
                            runs.incrementAndGet();
                            Thread.sleep(3);
                            active.remove(k);
                            q.complete(lease.get());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
        }
        for (Thread t : threads) t.join(Duration.ofSeconds(60));

        assertThat(overlaps.get()).isZero();
        assertThat(lastStart.keySet()).containsExactlyInAnyOrderElementsOf(keys);
        for (String k : keys) assertThat(lastStart.get(k)).as(k).isGreaterThan(lastSubmit.get(k));
        System.out.printf("two processes: 400 submits of 40 keys ran as %d turns%n", runs.get());
        for (WorkQueue q : processes) assertThat(q.take(Duration.ofMillis(300))).isEmpty();
    }

    @Test
    void the_queue_recovers_when_redis_comes_back_empty() throws Exception {
        String prefix = TestRedis.newPrefix();
        WorkQueue q = redis.open(prefix).workQueue(LEASE);
        q.submit(turn());
        q.complete(take(q));
        assertThat(TestRedis.deleteKeys(prefix)).isPositive(); // what a Redis restarted without persistence looks like

        assertThat(q.take(Duration.ofMillis(300))).isEmpty();
        Task after = turn();
        q.submit(after);
        Lease lease = take(q);
        assertThat(lease.task()).isEqualTo(after);
        q.complete(lease);
    }

    @Test
    void a_stale_release_does_not_touch_the_lease_that_replaced_it() throws Exception {
        WorkQueue q = redis.open().workQueue(Duration.ofMillis(400));
        Task t = turn();
        q.submit(t);
        Lease lost = take(q);
        Lease current = take(q); // handed out again after the lease time
        q.release(lost, Duration.ZERO);
        Task other = Task.extract(t.key());
        q.submit(other);
        assertThat(q.take(Duration.ofMillis(300))).as("the key is still leased to the current holder").isEmpty();
        q.complete(current);
        List<Task> after = new ArrayList<>();
        for (Optional<Lease> l; (l = q.take(Duration.ofMillis(500))).isPresent(); ) {
            after.add(l.get().task());
            q.complete(l.get());
        }
        assertThat(after).contains(other);
    }
}
