package dev.switchboard.adapters.postgres;

import static dev.switchboard.testkit.store.StoreFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.store.Accepted;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.support.Ids;
import dev.switchboard.testkit.store.StoreFixtures;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Group commit of inbound messages ({@link CallGroupCommit}) against a real PostgreSQL: concurrent
 * callers are stored together, each exactly once; a member the database refuses fails only itself;
 * and a caller is answered only once its message is committed (visible to another connection).
 */
class PostgresGroupCommitTest {
    /** The thread whose next message id is one already stored: its row breaks the messages primary key. */
    private static final ThreadLocal<String> POISON = new ThreadLocal<>();
    private static PostgresStores postgres;
    private static Stores stores;
    private static CallGroupCommit groupCommit;
    private static PgClassDatabase db;

    @BeforeAll
    static void start() throws Exception {
        Ids time = Ids.timeOrdered();
        Ids ids = prefix -> prefix.equals("msg") && POISON.get() != null ? POISON.get() : time.next(prefix);
        db = PgClassDatabase.fresh("group_commit");
        postgres = PostgresStores.start(db.config(8), Clock.systemUTC(), ids,
                new GroupCommit.Settings(1, 64, Duration.ofMillis(5)));
        stores = postgres.stores();
        groupCommit = groupCommit();
    }

    private static CallGroupCommit groupCommit() throws Exception {
        var field = PostgresStores.class.getDeclaredField("groupCommit");
        field.setAccessible(true);
        return (CallGroupCommit) field.get(postgres);
    }

    @AfterAll
    static void stop() {
        if (postgres != null) postgres.close();
    }

    @Test
    void concurrent_messages_are_stored_in_shared_transactions_each_exactly_once() throws Exception {
        var s = StoreFixtures.setup(stores);
        long[] before = groupCommit.counters();
        int n = 64;
        List<String> externalIds = new ArrayList<>();
        for (int i = 0; i < n; i++) externalIds.add(unique("wamid"));
        // every message twice (a provider's redelivery racing the first delivery), some customers writing several
        List<Accepted> results = concurrently(2 * n, i -> stores.conversations().acceptInbound(
                s.inbound("1650555" + (1000 + (i % n) % 20), externalIds.get(i % n), "m" + (i % n))));

        assertThat(results.stream().filter(a -> !a.duplicate()).count()).isEqualTo(n);
        for (String ext : externalIds) {
            assertThat(db.scalar("SELECT count(*) FROM messages WHERE external_id = ?", ext)).isEqualTo(1);
            assertThat(results.stream().filter(a -> a.message().externalId().equals(ext)).map(a -> a.message().id()).distinct())
                    .hasSize(1);
        }
        // each customer's messages got distinct, gap-free sequence numbers in its one conversation
        var byConversation = results.stream().filter(a -> !a.duplicate())
                .collect(java.util.stream.Collectors.groupingBy(a -> a.conversation().id(),
                        java.util.stream.Collectors.mapping(a -> a.message().seq(), java.util.stream.Collectors.toSet())));
        assertThat(byConversation).hasSize(20);
        byConversation.forEach((conversation, seqs) -> assertThat(seqs).as(conversation)
                .isEqualTo(java.util.stream.LongStream.rangeClosed(1, seqs.size()).boxed().collect(java.util.stream.Collectors.toSet())));
        long[] after = groupCommit.counters();
        long storedInBatches = after[0] - before[0], batches = after[1] - before[1];
        assertThat(storedInBatches).isEqualTo(2L * n);
        assertThat(batches).as("fewer transactions than messages").isLessThan(storedInBatches);
    }

    @Test
    void a_member_the_database_refuses_fails_alone_and_the_answer_waits_for_the_commit() throws Exception {
        var s = StoreFixtures.setup(stores);
        Accepted existing = stores.conversations().acceptInbound(s.inbound("16505559000", unique("w"), "first"));
        String blocker = unique("wamid");
        long[] before = groupCommit.counters();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try (Connection lock = db.connect()) {
            // hold the contact's row lock: the writer's next batch waits inside PostgreSQL, uncommitted
            Future<Accepted> blocked = blockTheWriter(lock, pool, s, existing, blocker);

            // meanwhile 20 good messages and one the database refuses queue up behind it: the next batch
            int good = 20;
            List<String> goodIds = new ArrayList<>();
            List<Future<Accepted>> goodResults = new ArrayList<>();
            for (int i = 0; i < good; i++) {
                String ext = unique("wamid");
                goodIds.add(ext);
                int user = i;
                goodResults.add(pool.submit(() -> stores.conversations().acceptInbound(s.inbound("1650556" + (1000 + user), ext, "ok"))));
            }
            String poisonedExt = unique("wamid");
            Future<Accepted> poisoned = pool.submit(() -> {
                POISON.set(existing.message().id());
                try {
                    return stores.conversations().acceptInbound(s.inbound("16505557777", poisonedExt, "refused"));
                } finally {
                    POISON.remove();
                }
            });
            awaitTrue(() -> groupCommit.queued() == good + 1);

            // not committed, so not answered
            assertThat(blocked.isDone()).isFalse();
            assertThat(db.scalar("SELECT count(*) FROM messages WHERE external_id = ?", blocker)).isZero();
            lock.rollback();

            Accepted first = blocked.get(30, TimeUnit.SECONDS);
            assertThat(first.duplicate()).isFalse();
            // answered: committed, visible to any other connection
            assertThat(db.scalar("SELECT count(*) FROM messages WHERE external_id = ?", blocker)).isEqualTo(1);
            for (int i = 0; i < good; i++) {
                Accepted a = goodResults.get(i).get(30, TimeUnit.SECONDS);
                assertThat(a.duplicate()).isFalse();
                assertThat(db.scalar("SELECT count(*) FROM messages WHERE external_id = ?", goodIds.get(i))).isEqualTo(1);
            }
            assertThatThrownBy(() -> poisoned.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(RuntimeException.class);
            assertThat(db.scalar("SELECT count(*) FROM messages WHERE external_id = ?", poisonedExt)).isZero();
            long[] after = groupCommit.counters();
            assertThat(after[2] - before[2]).as("the whole failed batch went on alone").isEqualTo(good + 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void one_batch_stores_first_messages_together_and_the_rest_in_order_after_them() throws Exception {
        var s = StoreFixtures.setup(stores);
        Accepted known = stores.conversations().acceptInbound(s.inbound("16505558000", unique("w"), "known before"));
        Accepted storedElsewhere = stores.conversations().acceptInbound(s.inbound("16505558001", unique("w"), "stored"));
        String blocker = unique("wamid");
        long[] before = groupCommit.counters();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try (Connection lock = db.connect()) {
            // hold the known contact's row: the writer's next batch waits, and everything below queues behind it
            Future<Accepted> blocked = blockTheWriter(lock, pool, s, known, blocker);

            // one new customer writing three times, the third a redelivery of the first
            String[] burst = {unique("wamid"), unique("wamid")};
            List<Future<Accepted>> queued = new ArrayList<>();
            for (String[] m : new String[][] {{burst[0], "one"}, {burst[1], "two"}, {burst[0], "one again"}}) {
                queued.add(pool.submit(() -> stores.conversations().acceptInbound(s.inbound("16505558100", m[0], m[1]))));
                int expected = queued.size();
                awaitTrue(() -> groupCommit.queued() == expected); // one at a time: the batch keeps this order
            }
            // a new customer whose message id is already stored under another contact: a duplicate, nothing left behind
            queued.add(pool.submit(() -> stores.conversations().acceptInbound(
                    s.inbound("16505558101", storedElsewhere.message().externalId(), "same id"))));
            // a known customer, and ten new ones
            String knownAgain = unique("wamid");
            queued.add(pool.submit(() -> stores.conversations().acceptInbound(s.inbound("16505558001", knownAgain, "again"))));
            List<String> singles = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String ext = unique("wamid");
                singles.add(ext);
                int user = i;
                queued.add(pool.submit(() -> stores.conversations().acceptInbound(s.inbound("1650558" + (2000 + user), ext, "hi"))));
            }
            awaitTrue(() -> groupCommit.queued() == 15);
            lock.rollback();
            assertThat(blocked.get(30, TimeUnit.SECONDS).duplicate()).isFalse();

            Accepted one = queued.get(0).get(30, TimeUnit.SECONDS), two = queued.get(1).get(30, TimeUnit.SECONDS);
            Accepted oneAgain = queued.get(2).get(30, TimeUnit.SECONDS);
            assertThat(one.duplicate()).isFalse();
            assertThat(one.newConversation()).isTrue();
            assertThat(one.message().seq()).isEqualTo(1);
            assertThat(one.message().text()).isEqualTo("one");
            assertThat(one.message().raw()).as("the raw payload is put back").isNotNull();
            assertThat(one.conversation().lastSeq()).isEqualTo(1);
            assertThat(two.duplicate()).isFalse();
            assertThat(two.newConversation()).isFalse();
            assertThat(two.conversation().id()).isEqualTo(one.conversation().id());
            assertThat(two.message().seq()).isEqualTo(2);
            assertThat(two.conversation().lastSeq()).isEqualTo(2);
            assertThat(oneAgain.duplicate()).isTrue();
            assertThat(oneAgain.message().id()).isEqualTo(one.message().id());

            Accepted sameId = queued.get(3).get(30, TimeUnit.SECONDS);
            assertThat(sameId.duplicate()).isTrue();
            assertThat(sameId.message().id()).isEqualTo(storedElsewhere.message().id());
            assertThat(db.scalar("SELECT count(*) FROM contacts WHERE channel_user_id = '16505558101'")).isZero();
            assertThat(db.scalar("SELECT count(*) FROM conversations c JOIN contacts k ON k.id = c.contact_id"
                    + " WHERE k.channel_user_id = '16505558101'")).isZero();

            Accepted again = queued.get(4).get(30, TimeUnit.SECONDS);
            assertThat(again.duplicate()).isFalse();
            assertThat(again.newConversation()).isFalse();
            assertThat(again.conversation().id()).isEqualTo(storedElsewhere.conversation().id());
            assertThat(again.message().seq()).isEqualTo(2);
            for (int i = 0; i < 10; i++) {
                Accepted a = queued.get(5 + i).get(30, TimeUnit.SECONDS);
                assertThat(a.duplicate()).isFalse();
                assertThat(a.newConversation()).isTrue();
                assertThat(a.message().externalId()).isEqualTo(singles.get(i));
                assertThat(a.message().seq()).isEqualTo(1);
                assertThat(a.conversation().contactId()).isNotNull();
                assertThat(db.scalar("SELECT count(*) FROM messages WHERE external_id = ?", singles.get(i))).isEqualTo(1);
            }
            long[] after = groupCommit.counters();
            assertThat(after[1] - before[1]).as("the blocked batch, then one for the 15 queued").isEqualTo(2);
            assertThat(after[2] - before[2]).as("no member fell back to a call of its own").isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Locks {@code customer}'s contact row on {@code lock} (left uncommitted), sends that customer's next
     * message ({@code externalId}) and waits until the writer's batch holding it waits for the row inside
     * PostgreSQL: what is queued from then on forms the next batch.
     */
    private static Future<Accepted> blockTheWriter(Connection lock, ExecutorService pool, StoreFixtures.Setup s,
                                                   Accepted customer, String externalId) throws Exception {
        lock.setAutoCommit(false);
        try (PreparedStatement p = lock.prepareStatement("SELECT 1 FROM contacts WHERE id = ? FOR UPDATE")) {
            p.setString(1, customer.conversation().contactId());
            p.executeQuery().close();
        }
        String phone = stores.contacts().find(customer.conversation().contactId()).orElseThrow().channelUserId();
        Future<Accepted> blocked = pool.submit(() -> stores.conversations().acceptInbound(s.inbound(phone, externalId, "waits")));
        awaitTrue(() -> groupCommit.queued() == 0 && db.scalar(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()") > 0);
        return blocked;
    }

    private static <T> List<T> concurrently(int n, IntCall<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit((Callable<T>) () -> {
                    go.await();
                    return call.call(index);
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) results.add(f.get(60, TimeUnit.SECONDS));
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 30 s");
            Thread.sleep(10);
        }
    }

    @FunctionalInterface
    interface IntCall<T> {
        T call(int i) throws Exception;
    }
}
