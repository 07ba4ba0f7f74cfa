package dev.switchboard.adapters.redis;

import dev.switchboard.core.work.Invalidations;
import dev.switchboard.testkit.work.InvalidationsContract;
import org.junit.jupiter.api.AfterEach;

/** Each handle is a separate {@link RedisAdapters} (its own pool and subscriber), as separate processes would be. */
class RedisInvalidationsContractTest extends InvalidationsContract {
    private final TestRedis redis = new TestRedis();
    private final String prefix = TestRedis.newPrefix();

    @AfterEach
    void cleanUp() {
        redis.close();
    }

    @Override
    protected Invalidations open() {
        return redis.open(prefix).invalidations();
    }
}
