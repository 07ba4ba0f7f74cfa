package dev.switchboard.core.work;

import java.time.Duration;

/**
 * Paces actions per key to at most one per {@code spacing}, across every thread and process that
 * shares the limiter. A caller acquires when it is ready to act and acts at once; when the key is
 * not free yet it is told how long to wait, and tries again then. Taking the slot only at the
 * moment of acting (rather than booking a future one and sleeping to it) keeps late-waking threads
 * from bunching up: actions are spaced by when they really happen.
 */
public interface RateLimiter {

    /** @return zero if the caller may act now (the slot is taken), else how long until it should try again */
    Duration tryAcquire(String key, Duration spacing);
}
