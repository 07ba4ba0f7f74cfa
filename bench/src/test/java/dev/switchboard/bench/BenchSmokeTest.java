package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bench end to end with tiny durations (what {@code mvn verify} runs; the full bench is
 * {@code bash bench/run.sh}): every process starts, every delivery is answered 200, every row has
 * throughput, and the end-to-end rows answer every accepted webhook with a send to the fake Meta.
 */
class BenchSmokeTest {
    @Test
    void aTinyRunFillsTheTable() throws Exception {
        Bench.Settings s = new Bench.Settings(Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO, List.of(2), 20, Duration.ofSeconds(15),
                "127.0.0.1:5432", "redis://127.0.0.1:6379", "switchboard_bench_smoke", Path.of("target/bench-logs-smoke"),
                Duration.ZERO); // no wait for PostgreSQL's counters to settle: a smoke run checks they are read, not their values

        // every kind of target in 30 s: the deferred end-to-end one covers the journal's path through server and worker
        // (the inline one differs only by WEBHOOK_INGEST), the inline ingest one the rest
        List<Row> rows;
        System.setProperty("bench.only", "reference,ingest,distributed-deferred,embedded");
        try {
            rows = Bench.run(s);
        } finally {
            System.clearProperty("bench.only");
        }
        String table = Table.render(rows, s);
        System.out.println(table);

        assertThat(rows).extracting(Row::target).contains("reference", "switchboard pg+redis, no worker",
                "switchboard deferred (server + worker)", "switchboard embedded (memory)");
        assertThat(rows).hasSize(7);
        for (Row r : rows) {
            assertThat(r.sent()).as(r.target() + " " + r.load()).isPositive();
            assertThat(r.ok()).as("every webhook answered 200: " + r.target() + " " + r.load()).isEqualTo(r.sent());
            assertThat(r.perSecond()).as(r.target() + " " + r.load()).isPositive();
            assertThat(r.p50Ms()).isPositive();
            assertThat(r.rssMb()).as("RSS of " + r.target()).isPositive();
            assertThat(r.appCpuMs()).as("CPU of the measured process: " + r.target() + " " + r.load()).isPositive();
        }
        for (Row r : rows.stream().filter(r -> r.target().endsWith("(server + worker)") || r.target().startsWith("switchboard embedded")).toList()) {
            assertThat(r.turns()).as("turns answered: " + r.target() + " " + r.load()).isEqualTo(r.ok());
            assertThat(r.turnsPerSecond()).isPositive();
        }
        Row ingest = rows.stream().filter(r -> r.target().startsWith("switchboard pg+redis")).findFirst().orElseThrow();
        assertThat(ingest.commitsPerWebhook()).as("the database's counters were read").isNotNaN();
        assertThat(table).contains("÷ref", "turns/s", "commit/wh");
    }
}
