package dev.switchboard.testkit.store;

import static dev.switchboard.testkit.store.StoreFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.store.EventLog;
import dev.switchboard.core.store.EventPage;
import dev.switchboard.core.store.StoredEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Contract for {@link EventLog}: per-tenant ids in order, reads after an id, pruning to the retention. */
public abstract class EventLogContract {

    /** A log on the implementation's storage keeping {@code retained} events per tenant. */
    protected abstract EventLog log(int retained);

    @Test
    void ids_count_per_tenant_and_a_read_returns_what_came_after_an_id_in_order() {
        EventLog log = log(1_000);
        String a = unique("usr");
        String b = unique("usr");
        assertThat(log.append(a, StoredEvent.MESSAGE_CREATED, "msg-1")).isEqualTo(1);
        assertThat(log.append(b, StoredEvent.CONVERSATION_UPDATED, "conv-1")).isEqualTo(1);
        assertThat(log.append(a, StoredEvent.MESSAGE_UPDATED, "msg-1")).isEqualTo(2);
        assertThat(log.append(a, StoredEvent.CONVERSATION_UPDATED, "conv-9")).isEqualTo(3);

        EventPage all = log.read(a, 0, 100);
        assertThat(all.reset()).isFalse();
        assertThat(all.events()).extracting(StoredEvent::id, StoredEvent::type, StoredEvent::resourceId).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1L, StoredEvent.MESSAGE_CREATED, "msg-1"),
                org.assertj.core.groups.Tuple.tuple(2L, StoredEvent.MESSAGE_UPDATED, "msg-1"),
                org.assertj.core.groups.Tuple.tuple(3L, StoredEvent.CONVERSATION_UPDATED, "conv-9"));
        assertThat(all.events()).allMatch(e -> e.tenantId().equals(a) && e.at() != null);
        assertThat(log.read(a, 1, 1).events()).extracting(StoredEvent::id).containsExactly(2L);
        assertThat(log.read(a, 3, 100)).isEqualTo(new EventPage(List.of(), false));
        assertThat(log.read(b, 0, 100).events()).extracting(StoredEvent::resourceId).containsExactly("conv-1");
        assertThat(log.head(a)).isEqualTo(3);
        assertThat(log.head(unique("usr"))).isZero();
        assertThat(log.read(unique("usr"), 0, 10)).isEqualTo(new EventPage(List.of(), false));
    }

    @Test
    void events_appended_together_take_consecutive_ids_in_their_order_also_while_others_append() throws Exception {
        EventLog log = log(1_000);
        String a = unique("usr");
        log.append(a, StoredEvent.MESSAGE_CREATED, "first");
        assertThat(log.appendAll(a, List.of(new EventLog.Entry(StoredEvent.CONVERSATION_UPDATED, "conv-1"),
                new EventLog.Entry(StoredEvent.MESSAGE_CREATED, "msg-1")))).containsExactly(2L, 3L);
        assertThat(log.read(a, 1, 10).events()).extracting(StoredEvent::id, StoredEvent::type, StoredEvent::resourceId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, StoredEvent.CONVERSATION_UPDATED, "conv-1"),
                        org.assertj.core.groups.Tuple.tuple(3L, StoredEvent.MESSAGE_CREATED, "msg-1"));

        // eight writers at once, each appending a pair: every pair keeps its order, no id is lost or shared
        String b = unique("usr");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<long[]>> pairs = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                pairs.add(pool.submit(() -> log.appendAll(b, List.of(new EventLog.Entry(StoredEvent.CONVERSATION_UPDATED, "c" + n),
                        new EventLog.Entry(StoredEvent.MESSAGE_CREATED, "m" + n)))));
            }
            List<long[]> ids8 = new java.util.ArrayList<>();
            for (var pair : pairs) ids8.add(pair.get(30, java.util.concurrent.TimeUnit.SECONDS));
            java.util.Map<Long, String> byId = new java.util.HashMap<>();
            for (StoredEvent e : log.read(b, 0, 100).events()) byId.put(e.id(), e.resourceId());
            for (int i = 0; i < 8; i++) {
                long[] ids = ids8.get(i);
                assertThat(ids[1]).isGreaterThan(ids[0]);
                assertThat(byId.get(ids[0])).isEqualTo("c" + i);
                assertThat(byId.get(ids[1])).isEqualTo("m" + i);
            }
            assertThat(log.head(b)).isEqualTo(16);
            assertThat(log.read(b, 0, 100).events()).extracting(StoredEvent::id)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 16).boxed().toList());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void an_id_newer_than_anything_written_is_a_reset() {
        EventLog log = log(1_000);
        String a = unique("usr");
        log.append(a, StoredEvent.MESSAGE_CREATED, "m");
        assertThat(log.read(a, 7, 10).reset()).isTrue();
        assertThat(log.read(unique("usr"), 7, 10).reset()).as("a tenant with no events").isTrue();
    }

    @Test
    void old_events_are_pruned_past_the_retention_and_an_id_before_them_is_a_reset() {
        EventLog log = log(20);
        String a = unique("usr");
        for (int i = 1; i <= 65; i++) log.append(a, StoredEvent.MESSAGE_CREATED, "m" + i);

        EventPage kept = log.read(a, 65 - 20, 100);
        assertThat(kept.reset()).as("the newest 20 are kept").isFalse();
        assertThat(kept.events()).extracting(StoredEvent::id).containsExactlyElementsOf(LongStream.rangeClosed(46, 65).boxed().toList());
        EventPage old = log.read(a, 5, 100);
        assertThat(old.reset()).isTrue();
        assertThat(old.events()).as("a reset still lists what is kept, oldest first").isNotEmpty()
                .allMatch(e -> e.id() > 5).last().extracting(StoredEvent::id).isEqualTo(65L);
        assertThat(log.read(a, 0, 100).events().size()).as("pruned to near the retention").isBetween(20, 40);
    }

    @Test
    void concurrent_appenders_get_ids_one_to_n_and_a_reader_following_the_log_never_skips_one() throws Exception {
        EventLog log = log(10_000);
        String a = unique("usr");
        int threads = 8;
        int each = 25;
        AtomicBoolean done = new AtomicBoolean();
        List<Long> seen = new ArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            long cursor = 0;
            while (true) {
                boolean last = done.get();
                for (StoredEvent e : log.read(a, cursor, 50).events()) {
                    seen.add(e.id());
                    cursor = e.id();
                }
                if (last && cursor == (long) threads * each) return;
            }
        });
        List<Long> ids = dev.switchboard.testkit.Concurrently.run(threads, threads, i -> {
            List<Long> mine = new ArrayList<>();
            for (int k = 0; k < each; k++) mine.add(log.append(a, StoredEvent.MESSAGE_CREATED, "m" + i + "-" + k));
            return mine;
        }).stream().flatMap(List::stream).toList();
        done.set(true);
        reader.join(java.time.Duration.ofSeconds(30));

        assertThat(ids).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, (long) threads * each).boxed().toList());
        assertThat(seen).as("the reader saw every id once, in order: none committed after a higher one")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, (long) threads * each).boxed().toList());
    }
}
