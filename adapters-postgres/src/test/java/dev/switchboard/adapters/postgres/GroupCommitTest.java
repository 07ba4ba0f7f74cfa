package dev.switchboard.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testkit.Concurrently;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * The group committer on its own, with a fake {@link GroupCommit.BatchWriter} (the committer's callback,
 * not a store): every member is answered once with its own result, batches never exceed maxBatch, a
 * writer lingers only while busy, a failed batch makes each of its members fall back, and close() writes
 * what is queued and answers "fall back" to what it cannot write.
 */
@Timeout(60)
class GroupCommitTest {
    private static final String HOLD = "hold";     // the writer holds its batch until released
    private static final String POISON = "poison"; // the writer refuses the whole batch (nothing committed)
    private static final String CRASH = "crash";   // the writer throws an Error
    private static final String SILENT = "silent"; // the writer gives it no result

    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
    private final FakeWriter writer = new FakeWriter();

    @AfterEach
    void stop() {
        writer.release.countDown();
        callers.shutdownNow();
    }

    private GroupCommit<String, String> commit(int writers, int maxBatch, Duration linger) {
        return new GroupCommit<>(new GroupCommit.Settings(writers, maxBatch, linger), i -> "test-commit-" + i, "test rows",
                LoggerFactory.getLogger(GroupCommitTest.class), writer);
    }

    @Test
    void many_concurrent_submitters_are_each_answered_once_with_their_own_result_in_batches_of_at_most_max_batch()
            throws Exception {
        try (var commit = commit(3, 16, Duration.ofMillis(2))) {
            assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                    .contains("test-commit-0", "test-commit-1", "test-commit-2");
            int n = 2000;
            List<String> results = Concurrently.run(n, 64, i -> commit.submit("m" + i));

            assertThat(results).containsExactlyElementsOf(IntStream.range(0, n).mapToObj(i -> "stored:m" + i).toList());
            assertThat(writer.members()).containsExactlyInAnyOrderElementsOf(IntStream.range(0, n).mapToObj(i -> "m" + i).toList());
            assertThat(writer.batches).allSatisfy(batch -> assertThat(batch).hasSizeBetween(1, 16));
            assertThat(commit.committed()).isEqualTo(n);
            assertThat(commit.batches()).isEqualTo(writer.batches.size());
            assertThat(commit.fallbacks()).isZero();
            assertThat(commit.queued()).isZero();
        }
    }

    @Test
    void members_queued_behind_a_busy_writer_share_batches_of_max_batch() throws Exception {
        try (var commit = commit(1, 8, Duration.ZERO)) {
            Future<String> held = submitWhileHeld(commit);
            List<Future<String>> queued = queueBehindHeld(commit, 20, "q");
            writer.release.countDown();

            assertThat(held.get()).isEqualTo("stored:" + HOLD);
            for (int i = 0; i < 20; i++) assertThat(queued.get(i).get()).isEqualTo("stored:q" + i);
            assertThat(writer.batches).extracting(List::size).containsExactly(1, 8, 8, 4);
            assertThat(commit.batches()).isEqualTo(4);
        }
    }

    @Test
    void a_failed_batch_makes_each_of_its_members_fall_back_and_the_writer_goes_on() throws Exception {
        try (var commit = commit(1, 64, Duration.ZERO)) {
            Future<String> held = submitWhileHeld(commit);
            List<Future<String>> good = submitAll(commit, 10, "g");
            Future<String> poisoned = callers.submit(() -> commit.submit(POISON));
            awaitTrue(() -> commit.queued() == 11);
            writer.release.countDown();

            assertThat(held.get()).isEqualTo("stored:" + HOLD);
            assertThat(poisoned.get()).as("fall back").isNull();
            for (Future<String> f : good) assertThat(f.get()).as("fall back: nothing of its batch was committed").isNull();
            assertThat(commit.fallbacks()).isEqualTo(11);
            assertThat(commit.committed()).isEqualTo(1);
            assertThat(commit.submit("after")).isEqualTo("stored:after");
        }
    }

    @Test
    void a_member_without_a_result_and_a_batch_whose_writer_crashed_fall_back_and_the_writer_goes_on() {
        try (var commit = commit(1, 64, Duration.ZERO)) {
            assertThat(commit.submit(SILENT)).isNull();
            assertThat(commit.submit(CRASH)).isNull();
            assertThat(commit.submit("after")).isEqualTo("stored:after");
        }
    }

    @Test
    void a_lone_member_never_waits_and_a_busy_writer_lingers_until_its_batch_is_full() throws Exception {
        try (var commit = commit(1, 4, Duration.ofMinutes(5))) {
            // quiet: each batch had no company, so none waits for the linger (the test would time out)
            for (int i = 0; i < 3; i++) assertThat(commit.submit("lone" + i)).isEqualTo("stored:lone" + i);

            Future<String> held = submitWhileHeld(commit);
            List<Future<String>> pair = queueBehindHeld(commit, 2, "p");
            writer.release.countDown();
            held.get();
            for (Future<String> f : pair) f.get();

            // busy (the last batch had two): the writer keeps each newcomer, unanswered, until the batch is full
            List<FutureTask<String>> late = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                FutureTask<String> call = new FutureTask<>(callable(commit, "late" + i));
                Thread caller = Thread.ofPlatform().daemon().start(call);
                late.add(call);
                // WAITING with nothing queued: it queued its member and the writer took it (or it was answered)
                awaitTrue(() -> call.isDone() || caller.getState() == Thread.State.WAITING && commit.queued() == 0);
                if (i < 3) assertThat(call.isDone()).as("late%d waits for company", i).isFalse();
            }
            for (int i = 0; i < 4; i++) assertThat(late.get(i).get()).isEqualTo("stored:late" + i);
            assertThat(writer.batches.getLast()).containsExactly("late0", "late1", "late2", "late3");
        }
    }

    @Test
    void close_writes_what_is_queued_and_a_later_member_falls_back_without_reaching_the_writer() throws Exception {
        var commit = commit(1, 64, Duration.ZERO);
        Future<String> held = submitWhileHeld(commit);
        List<Future<String>> queued = queueBehindHeld(commit, 5, "q");
        Future<?> closing = callers.submit(commit::close);
        awaitTrue(commit::closed);
        assertThat(commit.submit("late")).isNull();
        writer.release.countDown();
        closing.get();

        assertThat(held.get()).isEqualTo("stored:" + HOLD);
        for (int i = 0; i < 5; i++) assertThat(queued.get(i).get()).isEqualTo("stored:q" + i);
        assertThat(writer.members()).doesNotContain("late");
    }

    @Test
    void close_answers_fall_back_to_members_it_cannot_wait_for_a_writer_to_write() throws Exception {
        var commit = commit(1, 64, Duration.ZERO);
        Future<String> held = submitWhileHeld(commit);
        List<Future<String>> queued = queueBehindHeld(commit, 5, "q");
        Thread.currentThread().interrupt(); // close() stops waiting for the writer at once
        try {
            commit.close();
        } finally {
            assertThat(Thread.interrupted()).as("close() keeps the interrupt").isTrue();
        }

        for (Future<String> f : queued) assertThat(f.get(10, TimeUnit.SECONDS)).as("fall back, at once").isNull();
        assertThat(commit.queued()).isZero();
        writer.release.countDown();
        assertThat(held.get()).as("the batch in the writer is still committed and answered").isEqualTo("stored:" + HOLD);
        assertThat(writer.members()).doesNotContain("q0", "q1", "q2", "q3", "q4");
    }

    /** Submits {@link #HOLD} and returns once the writer holds it. */
    private Future<String> submitWhileHeld(GroupCommit<String, String> commit) throws InterruptedException {
        Future<String> held = callers.submit(() -> commit.submit(HOLD));
        assertThat(writer.holding.await(30, TimeUnit.SECONDS)).as("the writer holds its batch").isTrue();
        return held;
    }

    /** Submits {@code n} members while the writer holds its batch, and returns once all are queued. */
    private List<Future<String>> queueBehindHeld(GroupCommit<String, String> commit, int n, String prefix)
            throws InterruptedException {
        List<Future<String>> futures = submitAll(commit, n, prefix);
        awaitTrue(() -> commit.queued() == n);
        return futures;
    }

    private List<Future<String>> submitAll(GroupCommit<String, String> commit, int n, String prefix) {
        List<Future<String>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(callers.submit(callable(commit, prefix + i)));
        }
        return futures;
    }

    private static Callable<String> callable(GroupCommit<String, String> commit, String member) {
        return () -> commit.submit(member);
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 30 s");
            Thread.sleep(5);
        }
    }

    /** The committer's callback, faked: records each batch and answers "stored:" + member, or as the member says. */
    private static final class FakeWriter implements GroupCommit.BatchWriter<String, String> {
        final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public List<String> write(List<String> batch) {
            batches.add(List.copyOf(batch));
            if (batch.contains(HOLD)) {
                holding.countDown();
                try {
                    if (!release.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            if (batch.contains(POISON)) throw new IllegalStateException("the database refused " + POISON);
            if (batch.contains(CRASH)) throw new AssertionError("the writer crashed");
            return batch.stream().map(m -> m.equals(SILENT) ? null : "stored:" + m).toList();
        }

        List<String> members() {
            synchronized (batches) {
                return batches.stream().flatMap(List::stream).toList();
            }
        }
    }
}
