package dev.switchboard.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.store.InboundJournal;
import dev.switchboard.core.store.InboundJournal.Entry;
import dev.switchboard.testkit.Concurrently;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The inbound journal of deferred ingest (V20) against a real PostgreSQL. */
class PostgresInboundJournalTest {
    private static PgClassDatabase db;
    private static PostgresStores postgres;
    private static InboundJournal journal;

    @BeforeAll
    static void start() {
        db = PgClassDatabase.fresh("journal");
        postgres = PostgresStores.start(db.config(4));
        journal = postgres.inboundJournal();
    }

    @AfterAll
    static void stop() {
        if (postgres != null) postgres.close();
    }

    private static Entry entry(String id, byte[] body, Instant at) {
        return new Entry(id, "whatsapp", "cloud", new WebhookRequest(Map.of("Content-Type", List.of("application/json"),
                "X-Forwarded-For", List.of("10.0.0.1", "10.0.0.2")), Map.of("instance", List.of("loja")), body,
                Map.of("account_id", "pn_1")), at);
    }

    @Test
    void concurrent_appends_share_commits_and_each_is_stored_exactly_and_committed_when_append_returns() throws Exception {
        int n = 200;
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        long batchesBefore = ((PostgresInboundJournal) journal).batches();

        Concurrently.run(n, 32, i -> {
            journal.append(entry("inb_c" + String.format("%04d", i), ("{\"n\":" + i + ",\"é\":\"\u00e7\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8), at));
            // committed: another connection sees it at once
            assertThat(db.scalar("SELECT count(*) FROM inbound_journal WHERE id = ?", "inb_c" + String.format("%04d", i))).isEqualTo(1);
            return null;
        });

        assertThat(db.scalar("SELECT count(*) FROM inbound_journal WHERE id LIKE 'inb_c%'")).isEqualTo(n);
        Entry back = journal.find("inb_c0042").orElseThrow();
        assertThat(back.channel()).isEqualTo("whatsapp");
        assertThat(back.provider()).isEqualTo("cloud");
        assertThat(back.receivedAt()).isEqualTo(at);
        assertThat(back.request().bodyText()).isEqualTo("{\"n\":42,\"é\":\"\u00e7\"}");
        assertThat(back.request().header("content-type")).isEqualTo("application/json");
        assertThat(back.request().headers().get("X-Forwarded-For")).containsExactly("10.0.0.1", "10.0.0.2");
        assertThat(back.request().queryParam("instance")).isEqualTo("loja");
        assertThat(back.request().pathParam("account_id")).isEqualTo("pn_1");
        assertThat(((PostgresInboundJournal) journal).batches() - batchesBefore).as("multi-row inserts for %d appends", n)
                .isLessThan(n);
    }

    @Test
    void a_body_is_kept_byte_for_byte_and_an_id_stored_twice_is_one_entry() {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) binary[i] = (byte) i;
        journal.append(entry("inb_bin", binary, Instant.now()));
        journal.append(entry("inb_bin", "other".getBytes(), Instant.now()));
        assertThat(journal.find("inb_bin").orElseThrow().request().body()).isEqualTo(binary);
        assertThat(db.scalar("SELECT count(*) FROM inbound_journal WHERE id = 'inb_bin'")).isEqualTo(1);
    }

    @Test
    void the_oldest_entries_come_first_and_a_deleted_one_is_gone() {
        Instant t = Instant.parse("2020-01-01T00:00:00Z");
        journal.append(entry("inb_2020_a", new byte[] {1}, t));
        journal.append(entry("inb_2020_b", new byte[] {2}, t.plusSeconds(1)));
        journal.append(entry("inb_2020_c", new byte[] {3}, t.plusSeconds(2)));

        assertThat(journal.receivedBefore(t.plusSeconds(2), 10)).containsExactly("inb_2020_a", "inb_2020_b");
        assertThat(journal.receivedBefore(t.plusSeconds(3), 1)).containsExactly("inb_2020_a");
        journal.delete("inb_2020_a");
        journal.delete("inb_2020_a"); // gone already: not an error
        assertThat(journal.find("inb_2020_a")).isEmpty();
        // ids are time-ordered in production; these sort before every other test's, so the oldest is b's
        assertThat(journal.oldestReceivedAt()).contains(t.plusSeconds(1));
        assertThat(journal.receivedBefore(t.plusSeconds(3), 10)).containsExactly("inb_2020_b", "inb_2020_c");
    }
}
