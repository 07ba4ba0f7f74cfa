package dev.switchboard.adapters.openai;

import java.time.Duration;

/**
 * Waits between retries. The adapter sleeps through this so tests can record the wait instead of
 * spending it; production uses {@link #REAL}.
 */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = duration -> Thread.sleep(duration);

    void sleep(Duration duration) throws InterruptedException;
}
