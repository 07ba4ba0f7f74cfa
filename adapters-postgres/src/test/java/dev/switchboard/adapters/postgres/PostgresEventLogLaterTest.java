package dev.switchboard.adapters.postgres;

import static dev.switchboard.testkit.store.StoreFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.store.EventLog;
import dev.switchboard.core.store.StoredEvent;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link PostgresEventLog#appendLater}: the caller does not wait for the events' commit (a webhook is
 * answered one commit sooner), yet the events are written in the order they were queued, with
 * gap-free ids, and the returned stage completes once they can be read.
 */
class PostgresEventLogLaterTest {
    private static PgClassDatabase db;
    private static PostgresStores stores;

    @BeforeAll
    static void start() {
        db = PgClassDatabase.fresh("event_later");
        stores = PostgresStores.start(db.config(4));
    }

    @AfterAll
    static void stop() {
        if (stores != null) stores.close();
    }

    @Test
    void queued_events_return_at_once_while_the_tenants_head_is_locked_and_are_written_in_order_when_it_frees() throws Exception {
        EventLog log = stores.events();
        String tenant = unique("usr");
        assertThat(log.append(tenant, StoredEvent.MESSAGE_CREATED, "msg_0")).isEqualTo(1);

        List<CompletableFuture<Void>> stages = new ArrayList<>();
        try (Connection blocker = db.connect()) {
            blocker.setAutoCommit(false);
            try (var s = blocker.prepareStatement("SELECT last_id FROM live_event_heads WHERE tenant_id = ? FOR UPDATE")) {
                s.setString(1, tenant);
                s.executeQuery().close();
            }
            // the writer will wait for the head's lock; callers of appendLater must not (a caller that
            // waited would wait for this test's rollback: the calls run elsewhere, with a deadline)
            stages.addAll(CompletableFuture.supplyAsync(() -> {
                List<CompletableFuture<Void>> queued = new ArrayList<>();
                for (int i = 1; i <= 5; i++) {
                    queued.add(log.appendLater(tenant, List.of(new EventLog.Entry(StoredEvent.MESSAGE_CREATED, "msg_" + i),
                            new EventLog.Entry(StoredEvent.MESSAGE_UPDATED, "msg_" + i))).toCompletableFuture());
                }
                return queued;
            }).get(5, TimeUnit.SECONDS));
            db.awaitLockWait("the event writer (blocked on the head row)");
            assertThat(stages).noneMatch(CompletableFuture::isDone);
            assertThat(log.read(tenant, 1, 100).events()).isEmpty();
            blocker.rollback();
        }

        CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        List<StoredEvent> events = log.read(tenant, 1, 100).events();
        assertThat(events).extracting(StoredEvent::id).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            expected.add(StoredEvent.MESSAGE_CREATED + " msg_" + i);
            expected.add(StoredEvent.MESSAGE_UPDATED + " msg_" + i);
        }
        assertThat(events).extracting(e -> e.type() + " " + e.resourceId()).containsExactlyElementsOf(expected);
    }
}
