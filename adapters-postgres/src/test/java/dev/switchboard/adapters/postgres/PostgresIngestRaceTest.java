package dev.switchboard.adapters.postgres;

import static dev.switchboard.testkit.store.StoreFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.domain.Direction;
import dev.switchboard.core.store.Accepted;
import dev.switchboard.core.store.Stores;
import dev.switchboard.testkit.store.StoreFixtures;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The one race the contact lock does not order: a message with the same provider id written by a
 * path that does not take that lock (an outbound echo appended to another conversation). The test
 * holds such a write open in its own transaction, lets acceptInbound run into it and wait, then
 * commits: the waiting call must answer "duplicate" and leave no trace (no seq consumed, no empty
 * conversation, no contact made for it).
 */
class PostgresIngestRaceTest {
    private static PostgresStores postgres;
    private static Stores stores;

    @BeforeAll
    static void start() {
        postgres = TestDatabase.start(4);
        stores = postgres.stores();
        TestDatabase.truncate();
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @Test
    void a_duplicate_found_only_at_insert_time_consumes_no_sequence_number() throws Exception {
        var s = StoreFixtures.setup(stores);
        Accepted mine = stores.conversations().acceptInbound(s.inbound("16505551111", unique("w"), "first"));
        String other = stores.conversations().acceptInbound(s.inbound("16505552222", unique("w"), "x")).conversation().id();
        String ext = unique("wamid");

        Accepted raced = acceptWhileAnotherWriterHoldsTheId(other, ext, s.inbound("16505551111", ext, "second"));

        assertThat(raced.duplicate()).isTrue();
        assertThat(raced.message().direction()).isEqualTo(Direction.OUTBOUND);
        assertThat(raced.message().conversationId()).isEqualTo(other);
        assertThat(stores.conversations().find(mine.conversation().id()).orElseThrow().lastSeq()).isEqualTo(1);
        assertThat(stores.conversations().acceptInbound(s.inbound("16505551111", unique("w"), "third")).message().seq())
                .isEqualTo(2);
    }

    @Test
    void a_duplicate_found_only_at_insert_time_leaves_no_contact_or_conversation_behind() throws Exception {
        var s = StoreFixtures.setup(stores);
        String other = stores.conversations().acceptInbound(s.inbound("16505552222", unique("w"), "x")).conversation().id();
        String ext = unique("wamid");

        Accepted raced = acceptWhileAnotherWriterHoldsTheId(other, ext, s.inbound("16505559999", ext, "hello"));

        assertThat(raced.duplicate()).isTrue();
        assertThat(raced.newConversation()).isFalse();
        assertThat(stores.contacts().findByChannelUser(s.tenant().id(), "whatsapp", "16505559999")).isEmpty();
        assertThat(TestDatabase.scalar("SELECT count(*) FROM conversations WHERE tenant_id = ?", s.tenant().id())).isEqualTo(1);
    }

    private Accepted acceptWhileAnotherWriterHoldsTheId(String conversation, String ext,
                                                        dev.switchboard.core.store.NewInbound inbound) throws Exception {
        try (Connection tx = TestDatabase.connect(TestDatabase.config(1).jdbcUrl())) {
            tx.setAutoCommit(false);
            try (PreparedStatement echo = tx.prepareStatement("SELECT append_outbound(?, ?, 'human', 'text', 'from the phone',"
                    + " NULL, ?, NULL, 'sent', NULL, NULL, NULL, NULL, now(), NULL, NULL)")) {
                echo.setString(1, unique("msg"));
                echo.setString(2, conversation);
                echo.setString(3, ext);
                echo.execute();
            }
            CompletableFuture<Accepted> accept = CompletableFuture.supplyAsync(() -> stores.conversations().acceptInbound(inbound));
            awaitBlockedOnALock();
            assertThat(accept).isNotDone();
            tx.commit();
            return accept.get(10, TimeUnit.SECONDS);
        }
    }

    /** Waits until some backend waits for a lock: the accept call has reached the held id. */
    private static void awaitBlockedOnALock() throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            if (TestDatabase.scalar("SELECT count(*) FROM pg_locks WHERE NOT granted") > 0) return;
            Thread.sleep(10);
        }
        throw new AssertionError("acceptInbound never waited for the uncommitted duplicate");
    }
}
