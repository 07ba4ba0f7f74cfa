package dev.switchboard.adapters.postgres;

import static dev.switchboard.testkit.store.StoreFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.store.EventLog;
import org.junit.jupiter.api.Test;

/**
 * Pruning past the retention reaches back {@link PostgresEventLog#PRUNE_REACH} prune periods, so its
 * index scan does not walk every row deleted before (dead until a vacuum); every
 * {@link PostgresEventLog#FULL_PRUNE_EVERY} periods one prune reaches back to the start and takes
 * what a failed prune left behind.
 */
class PostgresEventLogPruneTest {

    @Test
    void a_prune_reaches_a_bounded_range_back_and_a_periodic_full_prune_takes_what_was_left() {
        EventLog log = TestDatabase.shared().events(10); // prunes on every append (one period = one id)
        String tenant = unique("usr");
        for (int i = 0; i < 40; i++) log.append(tenant, "message.created", "msg_" + i);
        assertThat(count(tenant)).isEqualTo(10);

        // a row below the reach, as a prune that failed would leave it
        TestDatabase.execute("INSERT INTO live_events (tenant_id, event_id, type, resource_id, created_at)"
                + " VALUES ('" + tenant + "', 2, 'message.created', 'msg_left', now())");
        long head = 40;
        while (head < PostgresEventLog.FULL_PRUNE_EVERY - 1) head = log.append(tenant, "message.created", "msg_" + head);
        assertThat(head).isEqualTo(PostgresEventLog.FULL_PRUNE_EVERY - 1);
        assertThat(exists(tenant, 2)).as("below the reach of an ordinary prune").isTrue();
        assertThat(count(tenant)).isEqualTo(11);

        head = log.append(tenant, "message.created", "msg_" + head);
        assertThat(head).isEqualTo(PostgresEventLog.FULL_PRUNE_EVERY);
        assertThat(exists(tenant, 2)).as("the full prune takes it").isFalse();
        assertThat(count(tenant)).isEqualTo(10);
        assertThat(TestDatabase.scalar("SELECT min(event_id) FROM live_events WHERE tenant_id = ?", tenant)).isEqualTo(head - 9);
    }

    private static long count(String tenant) {
        return TestDatabase.scalar("SELECT count(*) FROM live_events WHERE tenant_id = ?", tenant);
    }

    private static boolean exists(String tenant, long id) {
        return TestDatabase.scalar("SELECT count(*) FROM live_events WHERE tenant_id = ? AND event_id = ?", tenant, id) == 1;
    }
}
