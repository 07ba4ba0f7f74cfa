package dev.switchboard.testkit.work;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.work.Locks;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Contract for {@link Locks}: exclusion, release, expiry, growing fencing tokens. */
public abstract class LocksContract {

    protected abstract Locks locks();

    private static String key() {
        return "conv:" + UUID.randomUUID();
    }

    @Test
    void second_acquire_fails_until_released() {
        Locks locks = locks();
        String k = key();
        Locks.Lock first = locks.tryAcquire(k, Duration.ofSeconds(10)).orElseThrow();
        assertThat(locks.tryAcquire(k, Duration.ofSeconds(10))).isEmpty();
        assertThat(locks.tryAcquire(key(), Duration.ofSeconds(10))).isPresent();
        first.close();
        assertThat(locks.tryAcquire(k, Duration.ofSeconds(10))).isPresent();
    }

    @Test
    void expired_lock_can_be_taken_with_a_larger_fencing_token_and_the_old_holder_cannot_extend_or_release_it() throws Exception {
        Locks locks = locks();
        String k = key();
        Locks.Lock old = locks.tryAcquire(k, Duration.ofMillis(200)).orElseThrow();
        Thread.sleep(400);
        Locks.Lock current = locks.tryAcquire(k, Duration.ofSeconds(10)).orElseThrow();
        assertThat(current.fencingToken()).isGreaterThan(old.fencingToken());
        assertThat(old.extend(Duration.ofSeconds(10))).isFalse();
        old.close();
        assertThat(locks.tryAcquire(k, Duration.ofSeconds(10))).isEmpty();
        assertThat(current.extend(Duration.ofSeconds(10))).isTrue();
        current.close();
    }
}
