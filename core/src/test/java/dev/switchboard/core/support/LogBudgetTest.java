package dev.switchboard.core.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LogBudgetTest {
    @Test
    void sixty_lines_a_minute_then_silence_until_the_next_minute() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        LogBudget budget = new LogBudget(60, clock);
        int taken = 0;
        for (int i = 0; i < 1_000; i++) if (budget.take()) taken++;
        assertThat(taken).isEqualTo(60);
        now.set(now.get().plus(Duration.ofSeconds(59)));
        assertThat(budget.take()).isFalse();
        now.set(now.get().plus(Duration.ofSeconds(1)));
        assertThat(budget.take()).isTrue();
    }
}
