package dev.switchboard.adapters.redis;

import dev.switchboard.core.work.Locks;
import dev.switchboard.testkit.work.LocksContract;
import org.junit.jupiter.api.AfterEach;

class RedisLocksContractTest extends LocksContract {
    private final TestRedis redis = new TestRedis();

    @AfterEach
    void cleanUp() {
        redis.close();
    }

    @Override
    protected Locks locks() {
        return redis.open().locks();
    }
}
