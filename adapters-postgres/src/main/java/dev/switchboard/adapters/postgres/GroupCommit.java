package dev.switchboard.adapters.postgres;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.slf4j.Logger;

/**
 * Group commit: concurrent callers {@link #submit} a member (a row to store) and wait; a few writer
 * threads take what is queued and hand it to a {@link BatchWriter}, which stores the whole batch in
 * <b>one transaction</b>. A caller is answered only when the commit holding its member returned.
 *
 * <p>Batching: a writer takes the first queued member, then whatever else is queued, up to
 * {@link Settings#maxBatch}. While the previous batch had company (the system is busy) it waits up to
 * {@link Settings#linger} for the batch to fill; a lone caller on a quiet system never waits.
 *
 * <p>The failure policy, in one place: a caller gets {@code null} — "fall back: store your member
 * with a commit of its own" — when its batch failed (the writer threw: nothing of it was committed,
 * so one poisoned member fails only itself once each member goes alone), when the writer gave it no
 * result, and when the committer is closed. A {@code null} is never a stored member's answer, so
 * results must not be null.
 *
 * <p>Threading: {@link #submit} is called from any number of threads and blocks until its member's
 * batch is committed; {@link BatchWriter#write} runs on the writer threads, one batch per thread at a
 * time (each writer should hold at most one connection).
 *
 * @param <M> a member: what one caller wants stored
 * @param <R> what a stored member's caller is answered
 */
final class GroupCommit<M, R> implements AutoCloseable {
    /** How long an idle writer waits for a member before it looks again whether it should stop. */
    private static final long IDLE_POLL_MILLIS = 200;

    /** Stores a batch in one transaction. */
    @FunctionalInterface
    interface BatchWriter<M, R> {
        /**
         * Stores {@code batch} (in queue order; the writer may store it in another order, for instance to
         * lock rows in one order across batches) and commits once.
         *
         * @return one result per member, at the member's index in {@code batch}; a missing or null result
         *         makes that member fall back (a null list: every member)
         * @throws RuntimeException when the batch failed and nothing of it was committed: every member falls back
         */
        List<R> write(List<M> batch);
    }

    /**
     * @param writers  writer threads
     * @param maxBatch the most members one transaction stores
     * @param linger   how long a writer waits for more members once it has one, while the previous batch
     *                 had more than one (under load); zero never waits
     */
    record Settings(int writers, int maxBatch, Duration linger) {
        Settings {
            if (writers < 1 || maxBatch < 1 || linger == null || linger.isNegative()) {
                throw new IllegalArgumentException("group commit needs writers ≥ 1, maxBatch ≥ 1, linger ≥ 0");
            }
        }
    }

    private record Pending<M, R>(M member, CompletableFuture<R> result) {}

    private final Settings settings;
    private final BatchWriter<M, R> writer;
    private final Logger log;
    private final String members;
    private final LinkedBlockingQueue<Pending<M, R>> queue = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong fallbacks = new AtomicLong();
    private volatile boolean running = true;

    /**
     * Starts the writer threads (platform daemon threads: they block on JDBC).
     *
     * @param threadName names writer {@code i} (profiles and logs refer to these names)
     * @param members    what the members are, plural, for the log ("inbound messages")
     * @param log        where a failed batch is logged (the owner's logger)
     */
    GroupCommit(Settings settings, IntFunction<String> threadName, String members, Logger log, BatchWriter<M, R> writer) {
        this.settings = settings;
        this.writer = writer;
        this.log = log;
        this.members = members;
        for (int i = 0; i < settings.writers(); i++) {
            threads.add(Thread.ofPlatform().daemon().name(threadName.apply(i)).start(this::loop));
        }
    }

    /**
     * Queues {@code member} for the next batch and waits for its commit.
     *
     * @return the writer's result for it, or null when the caller must store it alone (see the class comment)
     */
    R submit(M member) {
        return submitAll(List.of(member)).getFirst();
    }

    /**
     * Queues {@code members} together (a writer taking the first finds the others queued, so they share a
     * batch unless it is full) and waits for all of their commits.
     *
     * @return the writer's result for each, in order; a null one must be stored alone (see {@link #submit})
     */
    List<R> submitAll(List<M> members) {
        List<R> results = new ArrayList<>(members.size());
        for (CompletableFuture<R> f : enqueue(members)) results.add(f.join());
        return results;
    }

    /**
     * Queues {@code members} together, as {@link #submitAll}, without waiting: each future completes
     * (on a writer thread, or at once when closed) with the writer's result, or null when the member
     * must be stored alone.
     */
    List<CompletableFuture<R>> enqueue(List<M> members) {
        if (!running) return members.stream().map(m -> CompletableFuture.<R>completedFuture(null)).toList();
        List<Pending<M, R>> pending = members.stream().map(m -> new Pending<M, R>(m, new CompletableFuture<>())).toList();
        queue.addAll(pending);
        if (!running) { // closed meanwhile: what is still queued nobody will write; what a writer took it writes
            for (Pending<M, R> p : pending) if (queue.remove(p)) p.result().complete(null);
        }
        return pending.stream().map(Pending::result).toList();
    }

    private void loop() {
        List<Pending<M, R>> batch = new ArrayList<>(settings.maxBatch());
        int lastSize = 0;
        while (running || !queue.isEmpty()) {
            try {
                Pending<M, R> first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, settings.maxBatch() - 1);
                if (lastSize > 1 && !settings.linger().isZero()) gather(batch);
                lastSize = batch.size();
                write(batch);
            } catch (InterruptedException e) {
                // nothing interrupts a writer today; the loop condition decides
            } catch (RuntimeException | Error e) {
                log.error("{} group commit writer failed; its batch falls back to a commit per member", members, e);
                fallBack(batch);
            } finally {
                batch.clear();
            }
        }
    }

    /** Waits up to the linger time for the batch to fill. */
    private void gather(List<Pending<M, R>> batch) throws InterruptedException {
        long deadline = System.nanoTime() + settings.linger().toNanos();
        while (batch.size() < settings.maxBatch()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return;
            Pending<M, R> next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) return;
            batch.add(next);
            queue.drainTo(batch, settings.maxBatch() - batch.size());
        }
    }

    private void write(List<Pending<M, R>> batch) {
        List<R> results;
        try {
            results = writer.write(batch.stream().map(Pending::member).toList());
        } catch (RuntimeException e) {
            fallbacks.addAndGet(batch.size());
            log.warn("a group commit of {} {} failed ({}); each falls back to a commit of its own", batch.size(), members,
                    rootMessage(e));
            fallBack(batch);
            return;
        }
        batches.incrementAndGet();
        committed.addAndGet(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(results != null && i < results.size() ? results.get(i) : null);
        }
    }

    /** Answers each member not answered yet "fall back". */
    private void fallBack(List<Pending<M, R>> batch) {
        batch.forEach(p -> p.result().complete(null));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root.getMessage();
    }

    /** Whether {@link #close} has begun. */
    boolean closed() {
        return !running;
    }

    /** Members waiting for a writer. */
    int queued() {
        return queue.size();
    }

    /** Batches whose writer returned (committed). */
    long batches() {
        return batches.get();
    }

    /** Members of the batches whose writer returned. */
    long committed() {
        return committed.get();
    }

    /** Members answered "fall back" because their batch failed. */
    long fallbacks() {
        return fallbacks.get();
    }

    /**
     * Writes what is queued, then stops the writers (waiting up to 10 s for each); a member still queued
     * after that, and any submitted later, is answered "fall back".
     */
    @Override
    public void close() {
        running = false;
        for (Thread t : threads) {
            try {
                t.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Pending<M, R> left;
        while ((left = queue.poll()) != null) left.result().complete(null);
    }
}
