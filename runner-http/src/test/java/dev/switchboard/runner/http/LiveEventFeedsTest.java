package dev.switchboard.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.engine.Switchboard;
import dev.switchboard.core.memory.InMemoryEventLog;
import dev.switchboard.core.store.EventLog;
import dev.switchboard.core.store.StoredEvent;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The wake-only subscribers the web chat's visitor streams use, and when a tenant's feed stops. */
class LiveEventFeedsTest {
    private LiveEventFeeds feeds;
    private EventLog log;
    private Switchboard engine;

    @BeforeEach
    void start() {
        feeds = new LiveEventFeeds(Duration.ofMillis(50));
        log = feeds.signalling(new InMemoryEventLog());
        engine = Switchboard.create(c -> c.events(log));
        feeds.start(engine);
    }

    @AfterEach
    void stop() {
        feeds.close();
        engine.close();
    }

    @Test
    void a_waker_is_called_when_a_message_of_its_tenant_is_logged() {
        AtomicInteger woken = new AtomicInteger();
        Runnable leave = feeds.wakeOnNewMessages("tenant-a", woken::incrementAndGet);
        log.append("tenant-b", StoredEvent.MESSAGE_CREATED, "msg-b");
        log.append("tenant-a", StoredEvent.MESSAGE_CREATED, "msg-a");
        ServerFixture.await("the waker called", () -> woken.get() > 0);
        leave.run();
    }

    @Test
    void a_tenants_feed_stops_when_its_last_stream_or_waker_leaves() {
        Runnable leaveWaker = feeds.wakeOnNewMessages("tenant-a", () -> {});
        LiveEventFeeds.Subscription stream = feeds.subscribe("tenant-a");
        Runnable otherWaker = feeds.wakeOnNewMessages("tenant-b", () -> {});
        assertThat(feeds.tenantsRead()).containsExactlyInAnyOrder("tenant-a", "tenant-b");

        leaveWaker.run();
        assertThat(feeds.tenantsRead()).as("the operator's stream still reads tenant-a").contains("tenant-a");
        stream.close();
        otherWaker.run();
        assertThat(feeds.tenantsRead()).isEmpty();
    }
}
