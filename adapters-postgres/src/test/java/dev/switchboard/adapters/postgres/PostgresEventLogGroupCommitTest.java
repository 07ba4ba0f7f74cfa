package dev.switchboard.adapters.postgres;

import static dev.switchboard.testkit.store.StoreFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.store.StoredEvent;
import dev.switchboard.testkit.Concurrently;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Group commit of live event appends ({@link PostgresEventLog}) across two "nodes" (two stores, each with
 * its own pool and writer) on one PostgreSQL database: appends of the same tenants are batched, yet
 * every event gets one id, per tenant gap-free, and a reader following "after my last id" sees each
 * exactly once, in id order.
 */
class PostgresEventLogGroupCommitTest {
    private static PgClassDatabase db;
    private static PostgresStores nodeA;
    private static PostgresStores nodeB;

    @BeforeAll
    static void start() {
        db = PgClassDatabase.fresh("event_group_commit");
        nodeA = PostgresStores.start(db.config(6));
        nodeB = PostgresStores.start(db.config(6));
    }

    @AfterAll
    static void stop() {
        if (nodeA != null) nodeA.close();
        if (nodeB != null) nodeB.close();
    }

    @Test
    void two_nodes_appending_for_the_same_tenants_share_commits_and_a_follower_sees_every_event_once_in_order() throws Exception {
        PostgresEventLog a = (PostgresEventLog) nodeA.events(10_000);
        PostgresEventLog b = (PostgresEventLog) nodeB.events(10_000);
        List<String> tenants = List.of(unique("usr"), unique("usr"));
        int threads = 8;
        int each = 40;
        long perTenant = (long) threads * each / 2;
        AtomicBoolean done = new AtomicBoolean();
        Map<String, List<StoredEvent>> seen = new HashMap<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            long[] cursor = new long[2];
            while (true) {
                boolean last = done.get();
                for (int t = 0; t < 2; t++) {
                    for (StoredEvent e : a.read(tenants.get(t), cursor[t], 50).events()) {
                        seen.computeIfAbsent(e.tenantId(), k -> new ArrayList<>()).add(e);
                        cursor[t] = e.id();
                    }
                }
                if (last && cursor[0] >= perTenant && cursor[1] >= perTenant) return;
            }
        });

        List<Map.Entry<String, Long>> appended = Concurrently.run(threads, threads, i -> {
            PostgresEventLog log = i % 2 == 0 ? a : b;
            List<Map.Entry<String, Long>> mine = new ArrayList<>();
            for (int k = 0; k < each; k++) {
                String tenant = tenants.get(k % 2);
                String resource = "m" + i + "-" + k;
                mine.add(Map.entry(tenant + "/" + resource, log.append(tenant, StoredEvent.MESSAGE_CREATED, resource)));
            }
            return mine;
        }).stream().flatMap(List::stream).toList();
        done.set(true);
        reader.join(java.time.Duration.ofSeconds(60));
        assertThat(reader.isAlive()).as("the reader caught up").isFalse();

        for (String tenant : tenants) {
            List<Long> ids = seen.get(tenant).stream().map(StoredEvent::id).toList();
            assertThat(ids).as("seen once each, in id order, gap-free").containsExactlyElementsOf(
                    LongStream.rangeClosed(1, perTenant).boxed().toList());
            assertThat(nodeB.events(10_000).head(tenant)).isEqualTo(perTenant);
        }
        // the id each caller got is the id its event was stored and read under
        Map<String, Long> read = new HashMap<>();
        seen.values().forEach(list -> list.forEach(e -> read.put(e.tenantId() + "/" + e.resourceId(), e.id())));
        assertThat(read).hasSize(threads * each);
        for (var e : appended) assertThat(read).containsEntry(e.getKey(), e.getValue());

        long[] ca = a.counters();
        long[] cb = b.counters();
        long commits = ca[1] + ca[2] + cb[1] + cb[2];
        assertThat(ca[0] + ca[2] + cb[0] + cb[2]).as("every append committed exactly once").isEqualTo(threads * each);
        assertThat(commits).as("fewer commits than events: appends shared transactions").isLessThan(threads * each);
        assertThat(ca[1] + cb[1]).as("batches on both nodes").isPositive();
    }
}
