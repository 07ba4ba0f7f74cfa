package dev.switchboard.runner.http;

import dev.switchboard.core.domain.Agent;
import dev.switchboard.core.domain.Conversation;
import dev.switchboard.core.engine.Switchboard;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.work.Task;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refills the in-process queue from the database when the server starts on stored state (SQLite, or
 * PostgreSQL without Redis): a restart loses the queue, not the work, because every turn owed is
 * visible in the store (inbound messages after the answered watermark, pending outbound replies)
 * and so is every extraction due.
 *
 * <p>The engine's own sweep ({@link Switchboard#sweep}, run every sweep interval by the embedded
 * worker pool afterwards) only picks conversations quiet for a while, so that it does not race a
 * live debounce. Right after a start nothing is live: this pass also takes the conversations whose
 * last message arrived moments before the stop and schedules each turn for the end of its agent's
 * debounce window, as the queue would have. Turns are idempotent (the reply is recorded by a
 * compare-and-set on the answered watermark), so a turn found twice is answered once.
 *
 * <p>Done from runner-http with the engine's public API (its stores and its queue): core is unchanged.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
    private static final int BATCH = 1000;

    private Recovery() {}

    /** @return how many tasks were submitted or scheduled */
    static int run(Switchboard engine, Clock clock) {
        Instant now = clock.instant();
        Stores stores = engine.stores();
        int tasks = 0;
        // every open conversation owing a reply, however recent its last message
        for (String id : stores.conversations().awaitingReply(now.plusSeconds(1), BATCH)) {
            Optional<Conversation> conversation = stores.conversations().find(id);
            if (conversation.isEmpty()) continue;
            Instant due = dueAt(stores, conversation.get());
            if (due.isAfter(now)) engine.queue().schedule(Task.turn(id), due);
            else engine.queue().submit(Task.turn(id));
            tasks++;
        }
        tasks += engine.sweep(); // extractions due (and quiet turns again: a no-op turn at most)
        if (tasks > 0) LOG.info("recovered {} queued tasks from the database after the start", tasks);
        return tasks;
    }

    /** The end of the debounce window that was running when the process stopped. */
    private static Instant dueAt(Stores stores, Conversation c) {
        if (c.lastInboundAt() == null) return Instant.MIN;
        long debounceMs = stores.agents().find(c.agentId()).map(Agent::debounceMs).orElse(0L);
        return c.lastInboundAt().plus(Duration.ofMillis(debounceMs));
    }
}
