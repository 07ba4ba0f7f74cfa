package dev.switchboard.core.engine;

import dev.switchboard.core.work.Lease;
import dev.switchboard.core.work.Task;
import dev.switchboard.core.work.WorkQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code concurrency} virtual threads taking tasks from the queue. A task whose conversation is
 * busy is handed back shortly; one that failed unexpectedly is handed back with a delay, so a
 * broken conversation cannot spin. {@link #close} stops taking work and waits for turns in flight.
 */
public final class WorkerPool implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WorkerPool.class.getName());
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration BUSY_RETRY = Duration.ofMillis(100);
    private static final Duration FAILURE_RETRY = Duration.ofSeconds(5);
    /** During an outage every task fails the same way: one stack trace a minute is enough. */
    private static final Duration STACK_TRACE_EVERY = Duration.ofMinutes(1);

    private final Switchboard engine;
    private final WorkQueue queue;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private final Thread sweeper;
    private final AtomicLong lastStackTrace = new AtomicLong(System.nanoTime() - STACK_TRACE_EVERY.toNanos());

    WorkerPool(Switchboard engine, WorkQueue queue, int concurrency) {
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be at least 1");
        this.engine = engine;
        this.queue = queue;
        for (int i = 0; i < concurrency; i++) {
            threads.add(Thread.ofVirtual().name("switchboard-worker-" + i).start(this::loop));
        }
        Duration sweep = engine.settings().sweepInterval();
        sweeper = sweep.isZero() ? null : Thread.ofVirtual().name("switchboard-sweeper").start(() -> sweepLoop(sweep));
    }

    private void sweepLoop(Duration interval) {
        while (running.get()) {
            pause(interval);
            if (!running.get()) return;
            try {
                engine.sweepIfDue();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "sweep failed; trying again in " + interval.toSeconds() + " s", e);
            }
        }
    }

    private void loop() {
        while (running.get()) {
            Optional<Lease> lease;
            try {
                lease = queue.take(POLL);
            } catch (InterruptedException e) {
                if (!running.get()) return;
                continue;
            } catch (RuntimeException e) {
                warn("queue unavailable; retrying", e);
                pause(Duration.ofSeconds(1));
                continue;
            }
            lease.ifPresent(this::work);
        }
    }

    private void work(Lease lease) {
        inFlight.incrementAndGet();
        try {
            TurnOutcome outcome = engine.run(lease.task());
            switch (outcome) {
                case TurnOutcome.Busy b -> queue.release(lease, BUSY_RETRY);
                case TurnOutcome.RetryAt r -> {
                    queue.schedule(lease.task(), r.at());
                    queue.complete(lease);
                }
                case TurnOutcome.Done d -> {
                    queue.complete(lease);
                    LOG.fine(() -> lease.task().kind() + " " + lease.task().key() + ": " + d.what());
                }
            }
        } catch (TurnInterrupted e) {
            // shutting down mid-turn, or the turn lost its lock: nothing was sent; hand the task back at once
            LOG.info(() -> "task " + lease.task().kind() + " " + lease.task().key() + " handed back: " + e.getMessage());
            try {
                queue.release(lease, Duration.ZERO);
            } catch (RuntimeException again) {
                LOG.log(Level.WARNING, "could not hand the task back; its lease will expire", again);
            }
        } catch (RuntimeException e) {
            Task t = lease.task();
            warn("task " + t.kind() + " " + t.key() + " failed; retrying in " + FAILURE_RETRY.toSeconds() + " s", e);
            try {
                queue.release(lease, FAILURE_RETRY);
            } catch (RuntimeException again) {
                LOG.log(Level.WARNING, "could not hand the task back; its lease will expire", again);
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** A warning with the stack trace at most once per {@link #STACK_TRACE_EVERY}, a line with the error otherwise. */
    private void warn(String message, RuntimeException e) {
        long now = System.nanoTime(), last = lastStackTrace.get();
        if (now - last >= STACK_TRACE_EVERY.toNanos() && lastStackTrace.compareAndSet(last, now)) {
            LOG.log(Level.WARNING, message, e);
        } else {
            LOG.warning(() -> message + ": " + e);
        }
    }

    public int inFlight() {
        return inFlight.get();
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops taking tasks and waits up to {@code grace} for turns in flight to finish. */
    public void shutdown(Duration grace) {
        running.set(false);
        if (sweeper != null) sweeper.interrupt();
        long deadline = System.nanoTime() + grace.toNanos();
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) t.join(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        threads.forEach(Thread::interrupt);
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(30));
    }
}
