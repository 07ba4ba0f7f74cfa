package dev.switchboard.core.memory;

import dev.switchboard.core.work.Lease;
import dev.switchboard.core.work.Task;
import dev.switchboard.core.work.WorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The work queue in one process. Ready tasks are handed out in submission order, one lease per
 * task at a time; a task submitted while leased is remembered and handed out again after the lease
 * ends. Scheduled tasks wait in a map keyed by task, so a later schedule replaces an earlier one,
 * and in a queue ordered by due time, so taking a task looks only at those due (not at every
 * scheduled one: each conversation keeps an extraction scheduled, tens of thousands in a busy
 * process). An entry the map no longer holds (replaced or promoted) is dropped when it reaches the
 * head of that queue.
 */
public final class InMemoryWorkQueue implements WorkQueue {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Clock clock;
    private final Duration leaseTime;
    private final AtomicLong tokens = new AtomicLong();

    private final LinkedHashSet<Task> ready = new LinkedHashSet<>();
    private final Map<Task, Held> leased = new HashMap<>();
    private final Set<Task> again = new HashSet<>();
    private final Map<Task, Instant> scheduled = new HashMap<>();
    private final java.util.PriorityQueue<Due> dueOrder = new java.util.PriorityQueue<>();
    private long dueSeq;

    private record Held(String token, Instant expiresAt) {}

    /** A scheduled task's place in due order; {@code seq} keeps tasks due at one instant in scheduling order. */
    private record Due(Instant at, long seq, Task task) implements Comparable<Due> {
        @Override
        public int compareTo(Due o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private void scheduleAt(Task task, Instant at) {
        scheduled.put(task, at);
        dueOrder.add(new Due(at, dueSeq++, task));
    }

    /** The head of the due order, stale entries dropped on the way; null when nothing is scheduled. */
    private Due nextDue() {
        Due head;
        while ((head = dueOrder.peek()) != null && !head.at().equals(scheduled.get(head.task()))) dueOrder.poll();
        return head;
    }

    public InMemoryWorkQueue(Clock clock, Duration leaseTime) {
        this.clock = clock;
        this.leaseTime = leaseTime;
    }

    public static InMemoryWorkQueue create() {
        return new InMemoryWorkQueue(Clock.systemUTC(), Duration.ofMinutes(5));
    }

    @Override
    public void submit(Task task) {
        lock.lock();
        try {
            enqueue(task);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void enqueue(Task task) {
        if (leased.containsKey(task)) again.add(task);
        else ready.add(task);
    }

    @Override
    public void schedule(Task task, Instant at) {
        lock.lock();
        try {
            scheduleAt(task, at);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Lease> take(Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        lock.lock();
        try {
            while (true) {
                Instant now = clock.instant();
                promoteDue(now);
                reclaimExpired(now);
                Iterator<Task> it = ready.iterator();
                if (it.hasNext()) {
                    Task task = it.next();
                    it.remove();
                    String token = Long.toString(tokens.incrementAndGet());
                    leased.put(task, new Held(token, now.plus(leaseTime)));
                    return Optional.of(new Lease(task, token));
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) return Optional.empty();
                changed.awaitNanos(Math.min(left, nanosUntilNextEvent(now)));
            }
        } finally {
            lock.unlock();
        }
    }

    private void promoteDue(Instant now) {
        Due head;
        while ((head = nextDue()) != null && !head.at().isAfter(now)) {
            dueOrder.poll();
            scheduled.remove(head.task());
            enqueue(head.task());
        }
    }

    private void reclaimExpired(Instant now) {
        Iterator<Map.Entry<Task, Held>> it = leased.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Task, Held> e = it.next();
            if (e.getValue().expiresAt().isBefore(now)) {
                it.remove();
                again.remove(e.getKey());
                ready.add(e.getKey());
            }
        }
    }

    private long nanosUntilNextEvent(Instant now) {
        Due due = nextDue();
        Instant next = due == null ? null : due.at();
        for (Held h : leased.values()) if (next == null || h.expiresAt().isBefore(next)) next = h.expiresAt();
        if (next == null) return TimeUnit.SECONDS.toNanos(1);
        return Math.max(TimeUnit.MILLISECONDS.toNanos(1), Duration.between(now, next).toNanos());
    }

    @Override
    public void complete(Lease lease) {
        finish(lease, null);
    }

    @Override
    public void release(Lease lease, Duration delay) {
        finish(lease, delay == null ? Duration.ZERO : delay);
    }

    private void finish(Lease lease, Duration redeliverAfter) {
        lock.lock();
        try {
            Held held = leased.get(lease.task());
            if (held == null || !held.token().equals(lease.token())) return; // lease expired and was handed out again
            leased.remove(lease.task());
            boolean runAgain = again.remove(lease.task());
            if (redeliverAfter != null && !redeliverAfter.isZero()) {
                Instant at = clock.instant().plus(redeliverAfter);
                Instant earlier = scheduled.get(lease.task());
                if (earlier == null || at.isBefore(earlier)) scheduleAt(lease.task(), at);
                if (runAgain) ready.add(lease.task());
            } else if (redeliverAfter != null || runAgain) {
                ready.add(lease.task());
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Tasks waiting, leased or scheduled: zero when the queue is idle. */
    public int pending() {
        lock.lock();
        try {
            return ready.size() + leased.size() + scheduled.size() + again.size();
        } finally {
            lock.unlock();
        }
    }
}
