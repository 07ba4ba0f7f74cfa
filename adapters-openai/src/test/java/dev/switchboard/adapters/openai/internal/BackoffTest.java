package dev.switchboard.adapters.openai.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackoffTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    final Backoff noJitter = new Backoff(() -> 1.0);

    @Test
    void doubles_from_half_a_second_and_stops_at_eight_seconds() {
        assertThat(noJitter.delay(1, null, null, NOW)).isEqualTo(Duration.ofMillis(500));
        assertThat(noJitter.delay(2, null, null, NOW)).isEqualTo(Duration.ofMillis(1000));
        assertThat(noJitter.delay(5, null, null, NOW)).isEqualTo(Duration.ofSeconds(8));
        assertThat(noJitter.delay(40, null, null, NOW)).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void jitter_shortens_the_wait_by_up_to_a_quarter() {
        assertThat(new Backoff(() -> 0.75).delay(2, null, null, NOW)).isEqualTo(Duration.ofMillis(750));
    }

    @Test
    void server_hints_win_retry_after_ms_first() {
        assertThat(noJitter.delay(1, "1500", "7", NOW)).isEqualTo(Duration.ofMillis(1500));
        assertThat(noJitter.delay(1, null, "7", NOW)).isEqualTo(Duration.ofSeconds(7));
        assertThat(noJitter.delay(1, null, "Mon, 23 Nov 2026 10:00:03 GMT", NOW)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void unusable_hints_fall_back_to_backoff() {
        assertThat(noJitter.delay(1, "soon", "later", NOW)).isEqualTo(Duration.ofMillis(500));
        assertThat(noJitter.delay(1, null, "3600", NOW)).as("an hour is not a chat reply").isEqualTo(Duration.ofMillis(500));
        assertThat(noJitter.delay(1, null, "Mon, 23 Nov 2026 09:59:00 GMT", NOW)).as("date in the past").isEqualTo(Duration.ofMillis(500));
    }
}
