package dev.switchboard.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.store.InboundJournal;
import dev.switchboard.core.store.InboundJournal.Entry;
import dev.switchboard.testkit.Concurrently;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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

    private static String id(int i) {
        return "inb_c" + String.format("%04d", i);
    }

    @Test
    void concurrent_appends_share_commits_as_batches_each_stored_exactly_and_committed_when_append_returns() throws Exception {
        int n = 200;
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        long batchesBefore = ((PostgresInboundJournal) journal).batches();

        List<String> keys = Concurrently.run(n, 32, i -> {
            String key = journal.append(entry(id(i), ("{\"n\":" + i + ",\"é\":\"\u00e7\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8), at));
            // committed: another connection sees it at once
            assertThat(db.scalar("SELECT count(*) FROM inbound_journal WHERE id = ? AND batch = ?", id(i), key)).isEqualTo(1);
            return key;
        });

        assertThat(db.scalar("SELECT count(*) FROM inbound_journal WHERE id LIKE 'inb_c%'")).isEqualTo(n);
        Set<String> batches = new TreeSet<>(keys);
        assertThat(batches.size()).as("batches for %d appends", n).isLessThan(n)
                .isEqualTo(((PostgresInboundJournal) journal).batches() - batchesBefore);
        // exactly one appender per batch got its own id back (it queues the batch): the batch's largest id
        List<String> firsts = new ArrayList<>();
        for (int i = 0; i < n; i++) if (keys.get(i).equals(id(i))) firsts.add(id(i));
        assertThat(firsts).containsExactlyInAnyOrderElementsOf(batches);
        List<String> all = new ArrayList<>();
        for (String key : batches) {
            List<String> members = journal.batch(key).stream().map(Entry::id).toList();
            assertThat(members).isSorted().endsWith(key);
            all.addAll(members);
        }
        assertThat(all).as("every entry in exactly one batch").hasSize(n).doesNotHaveDuplicates();

        Entry back = journal.batch(keys.get(42)).stream().filter(e -> e.id().equals(id(42))).findFirst().orElseThrow();
        assertThat(back.channel()).isEqualTo("whatsapp");
        assertThat(back.provider()).isEqualTo("cloud");
        assertThat(back.receivedAt()).isEqualTo(at);
        assertThat(back.request().bodyText()).isEqualTo("{\"n\":42,\"é\":\"\u00e7\"}");
        assertThat(back.request().header("content-type")).isEqualTo("application/json");
        assertThat(back.request().headers().get("X-Forwarded-For")).containsExactly("10.0.0.1", "10.0.0.2");
        assertThat(back.request().queryParam("instance")).isEqualTo("loja");
        assertThat(back.request().pathParam("account_id")).isEqualTo("pn_1");
    }

    @Test
    void a_body_is_kept_byte_for_byte_and_an_id_stored_twice_is_one_entry() {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) binary[i] = (byte) i;
        assertThat(journal.append(entry("inb_bin", binary, Instant.now()))).as("alone: a batch of its own").isEqualTo("inb_bin");
        journal.append(entry("inb_bin", "other".getBytes(), Instant.now()));
        assertThat(journal.batch("inb_bin")).singleElement().satisfies(e -> assertThat(e.request().body()).isEqualTo(binary));
        assertThat(db.scalar("SELECT count(*) FROM inbound_journal WHERE id = 'inb_bin'")).isEqualTo(1);
    }

    @Test
    void the_oldest_batches_come_first_and_only_the_deleted_entries_of_a_batch_are_gone() {
        Instant t = Instant.parse("2020-01-01T00:00:00Z");
        InboundJournal j = journal;
        j.append(entry("inb_2020_a", new byte[] {1}, t));
        j.append(entry("inb_2020_b", new byte[] {2}, t.plusSeconds(1)));
        j.append(entry("inb_2020_c", new byte[] {3}, t.plusSeconds(2)));
        // a batch of three as the group commit writes one (its key: its largest id)
        db.execute("INSERT INTO inbound_journal (batch, id, channel, provider, request, body, received_at) SELECT 'inb_2020_d2', id,"
                + " 'whatsapp', 'cloud', '{}', '\\x00', ? FROM unnest(array['inb_2020_d0', 'inb_2020_d1', 'inb_2020_d2']) id",
                java.sql.Timestamp.from(t.plusSeconds(3)));

        assertThat(j.batchesReceivedBefore(t.plusSeconds(2), 10)).containsExactly("inb_2020_a", "inb_2020_b");
        assertThat(j.batchesReceivedBefore(t.plusSeconds(3), 1)).containsExactly("inb_2020_a");
        assertThat(j.batchesReceivedBefore(t.plusSeconds(4), 10)).as("a batch once, however many entries")
                .containsExactly("inb_2020_a", "inb_2020_b", "inb_2020_c", "inb_2020_d2");
        assertThat(j.oldestBatches(1000)).as("the drain's order: by key, a batch once").filteredOn(k -> k.startsWith("inb_2020_"))
                .containsExactly("inb_2020_a", "inb_2020_b", "inb_2020_c", "inb_2020_d2");
        assertThat(j.oldestBatches(2)).hasSize(2).isSorted();
        j.delete("inb_2020_a", List.of("inb_2020_a"));
        j.delete("inb_2020_a", List.of("inb_2020_a")); // gone already: not an error
        assertThat(j.batch("inb_2020_a")).isEmpty();
        j.delete("inb_2020_d2", List.of("inb_2020_d0", "inb_2020_d2"));
        j.delete("inb_2020_b", List.of("inb_2020_d1")); // not b's: stays
        assertThat(j.batch("inb_2020_d2")).extracting(Entry::id).containsExactly("inb_2020_d1");
        // ids are time-ordered in production; these sort before every other test's, so the oldest is b's
        assertThat(j.oldestReceivedAt()).contains(t.plusSeconds(1));
        assertThat(j.batchesReceivedBefore(t.plusSeconds(4), 10)).containsExactly("inb_2020_b", "inb_2020_c", "inb_2020_d2");
    }
}
