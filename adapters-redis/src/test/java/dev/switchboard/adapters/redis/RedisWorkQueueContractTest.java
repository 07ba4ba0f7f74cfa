package dev.switchboard.adapters.redis;

import dev.switchboard.core.work.WorkQueue;
import dev.switchboard.testkit.work.WorkQueueContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

class RedisWorkQueueContractTest extends WorkQueueContract {
    private final TestRedis redis = new TestRedis();

    @AfterEach
    void cleanUp() {
        redis.close();
    }

    @Override
    protected WorkQueue queue(Duration leaseTime) {
        return redis.open().workQueue(leaseTime);
    }
}
