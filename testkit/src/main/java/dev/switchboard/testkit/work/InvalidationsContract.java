package dev.switchboard.testkit.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.work.Invalidations;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Contract for {@link Invalidations}: what one handle publishes reaches the subscribers of every
 * handle on the same backend (other processes, in production), a closed subscription hears nothing
 * more, and a failing listener does not silence the others. Delivery may be asynchronous and a
 * subscription may need a moment to connect, so the tests publish until they are heard.
 */
public abstract class InvalidationsContract {

    /** A new handle; every handle one test opens shares one backend. */
    protected abstract Invalidations open();

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    /** Publishes {@code topic} on {@code from} every 50 ms until {@code heard} has it. */
    private static void publishUntilHeard(Invalidations from, String topic, List<String> heard) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!heard.contains(topic)) {
            if (System.nanoTime() > deadline) throw new AssertionError(topic + " was never heard; heard " + heard);
            from.publish(topic);
            Thread.sleep(50);
        }
    }

    @Test
    void a_topic_published_on_one_handle_reaches_subscribers_of_every_handle() throws Exception {
        Invalidations a = open(), b = open();
        List<String> onA = new CopyOnWriteArrayList<>(), onB = new CopyOnWriteArrayList<>();
        a.subscribe(onA::add);
        b.subscribe(onB::add);
        String topic = "directory-" + UUID.randomUUID();

        publishUntilHeard(a, topic, onB);

        publishUntilHeard(a, topic, onA);
        assertThat(onB).as("only topics that were published, or the reset sign").allMatch(t -> t.equals(topic) || t.equals(Invalidations.EVERYTHING));
    }

    @Test
    void a_closed_subscription_hears_nothing_more() throws Exception {
        Invalidations a = open(), b = open();
        List<String> closedOne = new CopyOnWriteArrayList<>(), openOne = new CopyOnWriteArrayList<>();
        Invalidations.Subscription s = b.subscribe(closedOne::add);
        b.subscribe(openOne::add);
        publishUntilHeard(a, "before-" + UUID.randomUUID(), closedOne);

        s.close();
        String after = "after-" + UUID.randomUUID();
        publishUntilHeard(a, after, openOne);

        assertThat(closedOne).doesNotContain(after);
    }

    @Test
    void a_listener_that_throws_does_not_silence_the_others() throws Exception {
        Invalidations a = open(), b = open();
        List<String> heard = new CopyOnWriteArrayList<>();
        b.subscribe(t -> {
            throw new IllegalStateException("a broken listener");
        });
        b.subscribe(heard::add);

        publishUntilHeard(a, "t-" + UUID.randomUUID(), heard);
        String second = "t2-" + UUID.randomUUID();
        publishUntilHeard(a, second, heard);
    }

    @Test
    void a_topic_is_required() {
        Invalidations a = open();
        assertThatThrownBy(() -> a.publish(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.publish("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.subscribe(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
