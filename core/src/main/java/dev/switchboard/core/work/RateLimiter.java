package dev.switchboard.core.work;

import java.time.Duration;

/**
 * Paces actions per key by handing out time slots at least {@code spacing} apart. A caller reserves
 * a slot and waits until it comes; concurrent callers get distinct slots, so the key never sees
 * more than one action per {@code spacing}, however many threads or processes share the limiter.
 */
public interface RateLimiter {

    /** @return how long the caller must wait before acting (zero when it may act now) */
    Duration reserve(String key, Duration spacing);
}
