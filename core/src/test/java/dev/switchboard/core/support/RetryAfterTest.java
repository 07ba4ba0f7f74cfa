package dev.switchboard.core.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void seconds_whole_or_fractional() {
        assertThat(RetryAfter.parse("30", NOW)).contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse(" 1.5 ", NOW)).contains(Duration.ofMillis(1500));
    }

    @Test
    void an_http_date_is_measured_from_now_and_a_past_one_falls_back() {
        assertThat(RetryAfter.parse("Mon, 23 Nov 2026 12:00:10 GMT", NOW)).contains(Duration.ofSeconds(10));
        assertThat(RetryAfter.parse("Mon, 23 Nov 2026 11:59:00 GMT", NOW)).contains(Duration.ofSeconds(-60));
        assertThat(RetryAfter.orElse("Mon, 23 Nov 2026 11:59:00 GMT", NOW, Duration.ofMinutes(1))).isEqualTo(Duration.ofMinutes(1));
        assertThat(RetryAfter.orElse("-5", NOW, null)).isNull();
    }

    @Test
    void missing_or_garbled_values_give_nothing() {
        assertThat(RetryAfter.parse(null, NOW)).isEmpty();
        assertThat(RetryAfter.parse(" ", NOW)).isEmpty();
        assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
        assertThat(RetryAfter.parse("NaN", NOW)).isEmpty();
        assertThat(RetryAfter.orElse("soon", NOW, Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    }
}
