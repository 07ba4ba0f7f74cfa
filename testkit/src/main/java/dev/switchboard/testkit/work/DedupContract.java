package dev.switchboard.testkit.work;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.work.Dedup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Contract for {@link Dedup}: first sight wins, even concurrently; keys expire and can be forgotten. */
public abstract class DedupContract {

    protected abstract Dedup dedup();

    @Test
    void first_seen_once_then_repeat_until_forgotten() {
        Dedup d = dedup();
        String k = "in:pn:" + UUID.randomUUID();
        assertThat(d.firstSeen(k, Duration.ofMinutes(1))).isTrue();
        assertThat(d.firstSeen(k, Duration.ofMinutes(1))).isFalse();
        d.forget(k);
        assertThat(d.firstSeen(k, Duration.ofMinutes(1))).isTrue();
    }

    @Test
    void key_expires_after_its_ttl() throws Exception {
        Dedup d = dedup();
        String k = "in:pn:" + UUID.randomUUID();
        assertThat(d.firstSeen(k, Duration.ofMillis(1000))).isTrue();
        Thread.sleep(1500);
        assertThat(d.firstSeen(k, Duration.ofMillis(1000))).isTrue();
    }

    @Test
    void concurrent_first_sightings_have_one_winner() throws Exception {
        Dedup d = dedup();
        String k = "in:pn:" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            Callable<Boolean> call = () -> d.firstSeen(k, Duration.ofMinutes(1));
            for (int i = 0; i < 50; i++) results.add(pool.submit(call));
            int winners = 0;
            for (Future<Boolean> f : results) if (f.get()) winners++;
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
