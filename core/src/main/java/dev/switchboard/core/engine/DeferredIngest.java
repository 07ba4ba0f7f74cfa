package dev.switchboard.core.engine;

import dev.switchboard.core.channel.Channel;
import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.store.InboundJournal;
import dev.switchboard.core.support.EngineMetrics;
import dev.switchboard.core.work.Locks;
import dev.switchboard.core.work.Task;
import dev.switchboard.core.work.WorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.logging.Logger;

/**
 * Deferred ingest: the webhook path only verifies a delivery, appends it to the {@link InboundJournal}
 * (durable when the provider is answered) and, once per journal batch, queues a {@link Task#RECEIVE}; a
 * worker then parses and stores the events exactly as {@link Ingest#receive} would, draining the journal
 * in the order it was appended to ({@link #process}), and deletes the entries. The webhook answer then
 * costs what a raw insert and a queue write cost, whatever the delivery holds, and the
 * contact/conversation/message writes happen on the workers, off the provider's clock.
 *
 * <p>Nothing accepted is lost: the entry is deleted only after its events are stored; a worker that
 * dies before that leaves it, and {@link #requeue} (the engine's sweep) queues it again. Processing an
 * entry twice is safe: a message is stored once per provider id, statuses apply idempotently.
 */
public final class DeferredIngest {
    private static final Logger LOG = Logger.getLogger(DeferredIngest.class.getName());

    private final Ingest ingest;
    private final ChannelRegistry channels;
    private final InboundJournal journal;
    private final WorkQueue queue;
    private final Clock clock;
    private final EngineMetrics metrics;
    private final Locks locks;
    private final Duration lockTtl;
    private final JournalIds journalIds;

    /** The lock a worker holds while it drains the journal. */
    static final String DRAIN_LOCK = "journal:drain";
    /** A round stores up to this many deliveries together (whole batches: a batch holds at most 64). */
    static final int ROUND_ENTRIES = 256;
    private volatile int roundEntries = ROUND_ENTRIES;
    /** How long one task drains before it queues a new task for the rest (its worker thread goes back to turns). */
    static final Duration DRAIN_BUDGET = Duration.ofSeconds(5);
    private volatile Duration drainBudget = DRAIN_BUDGET;

    DeferredIngest(Ingest ingest, ChannelRegistry channels, InboundJournal journal, WorkQueue queue, Clock clock,
                   EngineMetrics metrics, Locks locks, Duration lockTtl) {
        this.locks = locks;
        this.lockTtl = lockTtl;
        this.journalIds = new JournalIds(clock);
        this.ingest = ingest;
        this.channels = channels;
        this.journal = journal;
        this.queue = queue;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Verifies the delivery, journals it and queues its processing. When this returns an accepted
     * result, the delivery is durable and the provider may be answered.
     */
    public IngestResult accept(String channel, String provider, WebhookRequest request) {
        Channel ch = channels.get(channel, provider);
        IngestResult refused = ingest.verify(ch, request);
        if (refused != null) return refused;
        String id = journalIds.next();
        String batch = journal.append(new InboundJournal.Entry(id, ch.channel(), ch.provider(), withoutCredentials(request),
                clock.instant()));
        if (batch.equals(id)) { // the batch's first entry queues it, once, for all of its entries
            try {
                queue.submit(Task.receive(batch));
            } catch (RuntimeException e) { // journaled: the sweep queues it again
                LOG.warning(() -> "queueing journal batch " + batch + " failed (" + e.getMessage() + "); the sweep will queue it again");
            }
        }
        metrics.webhook(ch.channel(), EngineMetrics.Webhook.JOURNALED);
        return IngestResult.journaledAs(id);
    }

    /**
     * A worker's half: the journal drained in order, from its oldest batch, by one worker at a time
     * (whichever batch the task names), so a customer's deliveries are stored in the order they were
     * received even when they landed in different batches whose tasks two workers take at once.
     *
     * <p>The worker holding the drain lock works in rounds of about {@link #ROUND_ENTRIES} deliveries
     * (whole batches, oldest first): a round's entries are parsed, their events stored and turns queued,
     * then the processed entries deleted. In a round one customer's deliveries are stored in order;
     * different customers' at the same time, so the stores can write them together (the inbound group
     * commit sees the whole round). Deliveries without a customer's message (statuses, edits, account
     * updates) are stored after the round's messages, so an edit finds the message it edits.
     *
     * <p>A task that finds the lock held returns at once: the holder lists the journal again after it lets
     * the lock go, and drains again if anything is left, so a batch committed before that is never left
     * behind (a holder that dies leaves it to the sweep). A drain hands over to a new task after the round
     * that passes {@link #DRAIN_BUDGET}, so a worker thread goes back to turns.
     *
     * <p>A delivery whose store failed is kept, with its customer's later ones (in that round and the
     * drain's later rounds, so the customer's order holds); the others are deleted and the failure is
     * rethrown, so the task is retried for what is left.
     */
    TurnOutcome process(String batchKey) {
        JournalDrain drain = new JournalDrain(ingest, channels, journal, queue, roundEntries, drainBudget);
        while (true) {
            Optional<Locks.Lock> lock = locks.tryAcquire(DRAIN_LOCK, lockTtl);
            if (lock.isEmpty()) {
                return TurnOutcome.done("journal batch " + batchKey + ": another worker is draining the journal" + drain.summary());
            }
            try (TurnLock held = new TurnLock(lock.get(), lockTtl)) {
                drain.run(held);
            }
            RuntimeException failure = drain.failure();
            if (failure != null) {
                LOG.warning(() -> "journal batch " + batchKey + drain.summary() + "; " + drain.kept()
                        + " kept for a retry (" + failure.getMessage() + ")");
                throw failure;
            }
            if (drain.handedOver() || drain.handOver() || journal.oldestBatches(1).isEmpty()) {
                return TurnOutcome.done(drain.batches() == 0
                        ? "journal batch " + batchKey + " already processed" : "journal batch " + batchKey + drain.summary());
            }
            // committed after the last round read the journal, before the lock was let go: drain again
        }
    }

    /** Smaller rounds and a shorter budget than the defaults (tests). */
    void drainLimits(int roundEntries, Duration budget) {
        this.roundEntries = roundEntries;
        this.drainBudget = budget;
    }

    /** Queues again the batches with entries received before {@code before} still in the journal. @return how many */
    int requeue(Instant before) {
        List<String> left = journal.batchesReceivedBefore(before, 1000);
        left.forEach(key -> queue.submit(Task.receive(key)));
        return left.size();
    }

    /** How long the oldest delivery still in the journal has waited; zero when none waits. */
    public Duration backlog() {
        return journal.oldestReceivedAt().map(t -> Duration.between(t, clock.instant()))
                .filter(d -> !d.isNegative()).orElse(Duration.ZERO);
    }

    /**
     * The request without the headers and query parameters that authenticated it (signatures, tokens, keys,
     * cookies): it is verified already, and a journal must not keep credentials at rest.
     */
    static WebhookRequest withoutCredentials(WebhookRequest request) {
        return new WebhookRequest(withoutCredentials(request.headers()), withoutCredentials(request.query()), request.body(),
                request.pathParams());
    }

    private static Map<String, List<String>> withoutCredentials(Map<String, List<String>> values) {
        Map<String, List<String>> kept = new LinkedHashMap<>();
        values.forEach((name, v) -> {
            if (!isCredential(name)) kept.put(name, v);
        });
        return kept;
    }

    private static boolean isCredential(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("auth") || n.contains("signature") || n.contains("token") || n.contains("secret")
                || n.contains("key") || n.contains("cookie") || n.contains("password");
    }
}
