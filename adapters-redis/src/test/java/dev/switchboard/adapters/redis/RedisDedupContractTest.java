package dev.switchboard.adapters.redis;

import dev.switchboard.core.work.Dedup;
import dev.switchboard.testkit.work.DedupContract;
import org.junit.jupiter.api.AfterEach;

class RedisDedupContractTest extends DedupContract {
    private final TestRedis redis = new TestRedis();

    @AfterEach
    void cleanUp() {
        redis.close();
    }

    @Override
    protected Dedup dedup() {
        return redis.open().dedup();
    }
}
