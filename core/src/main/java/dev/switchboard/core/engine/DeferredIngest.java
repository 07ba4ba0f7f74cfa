package dev.switchboard.core.engine;

import dev.switchboard.core.channel.Channel;
import dev.switchboard.core.channel.InboundEvent;
import dev.switchboard.core.channel.MalformedWebhookException;
import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.store.InboundJournal;
import dev.switchboard.core.support.EngineMetrics;
import dev.switchboard.core.work.Locks;
import dev.switchboard.core.work.Task;
import dev.switchboard.core.work.WorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.logging.Logger;

/**
 * Deferred ingest: the webhook path only verifies a delivery, appends it to the {@link InboundJournal}
 * (durable when the provider is answered) and, once per journal batch, queues a {@link Task#RECEIVE}; a
 * worker then parses and stores the events exactly as {@link Ingest#receive} would, draining the journal
 * in the order it was appended to ({@link #process}), and deletes the entries. The webhook answer then costs what a raw insert and a queue write cost, whatever the delivery holds, and the
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
    /** A round reads up to this many batches. */
    static final int ROUND_BATCHES = 64;
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
        Drain drain = new Drain();
        while (true) {
            Optional<Locks.Lock> lock = locks.tryAcquire(DRAIN_LOCK, lockTtl);
            if (lock.isEmpty()) {
                return TurnOutcome.done("journal batch " + batchKey + ": another worker is draining the journal" + drain.summary());
            }
            try (TurnLock held = new TurnLock(lock.get(), lockTtl)) {
                drain.run(held);
            }
            if (!drain.failures.isEmpty()) {
                RuntimeException first = drain.failures.getFirst();
                drain.failures.stream().skip(1).forEach(first::addSuppressed);
                LOG.warning(() -> "journal batch " + batchKey + drain.summary() + "; " + drain.held.size()
                        + " kept for a retry (" + first.getMessage() + ")");
                throw first;
            }
            if (drain.handedOver || journal.oldestBatches(1).isEmpty() || drain.handOver()) {
                return TurnOutcome.done(drain.deliveries == 0 && drain.malformed == 0
                        ? "journal batch " + batchKey + " already processed" : "journal batch " + batchKey + drain.summary());
            }
            // committed after the last round read the journal, before the lock was let go: drain again
        }
    }

    /** One task's drain of the journal: its rounds, what they stored, and what it keeps for a retry. */
    private final class Drain {
        private final Totals totals = new Totals();
        private final List<RuntimeException> failures = new ArrayList<>();
        /** Entries kept for a retry (a failed store, or a later delivery of its customer) and the batches they are in. */
        private final Set<String> held = new HashSet<>(), heldBatches = new HashSet<>();
        /** Customers with a delivery kept: their later deliveries are kept too, so their order holds at the retry. */
        private final Set<String> heldCustomers = new HashSet<>();
        private int batches, deliveries, malformed;
        private boolean handedOver;
        private final long deadline = System.nanoTime() + drainBudget.toNanos();

        void run(TurnLock lock) {
            // a lost lock (expired, taken by another worker) stops the drain: the new holder drains on. Checked
            // without a round trip: a store after the loss costs at worst the order of two deliveries, not a message
            while (lock.held()) {
                List<Item> round = nextRound();
                if (round.isEmpty()) return;
                store(round);
                if (handOver()) return;
            }
        }

        /** Past the budget with batches left: queues a task for them (whoever takes it drains on) and says so. */
        boolean handOver() {
            if (System.nanoTime() - deadline < 0) return false;
            List<String> left = journal.oldestBatches(1);
            if (!left.isEmpty()) {
                queue.submit(Task.receive(left.getFirst()));
                handedOver = true;
            }
            return true;
        }

        /** The oldest batches' entries not kept, in batch then id order, up to {@link #ROUND_ENTRIES} (whole batches). */
        private List<Item> nextRound() {
            List<Item> round = new ArrayList<>();
            for (String key : journal.oldestBatches(ROUND_BATCHES + heldBatches.size())) {
                if (round.size() >= roundEntries) break;
                boolean any = false;
                for (InboundJournal.Entry entry : journal.batch(key)) {
                    if (held.contains(entry.id())) continue;
                    round.add(new Item(round.size(), key, entry));
                    any = true;
                }
                if (any) batches++;
            }
            return round;
        }

        private void store(List<Item> round) {
            List<Item> finished = new ArrayList<>(round.size());
            List<Delivery> parsed = new ArrayList<>(round.size());
            for (Item item : round) {
                InboundJournal.Entry entry = item.entry();
                Channel ch;
                try {
                    ch = channels.get(entry.channel(), entry.provider());
                } catch (RuntimeException e) { // no such channel on this worker: kept, retried
                    failures.add(e);
                    hold(item);
                    continue;
                }
                try {
                    parsed.add(new Delivery(item, ch, ingest.parse(ch, entry.request())));
                } catch (RuntimeException e) {
                    // a malformed body, or a parser that fails on it: parsing stored bytes fails the same way every
                    // time, so it is dropped, not retried forever (Ingest logged it in the webhook log with its body)
                    if (!(e instanceof MalformedWebhookException)) {
                        LOG.warning(() -> "journal entry " + entry.id() + " could not be parsed (" + e + "); dropped, see the webhook log");
                    }
                    finished.add(item);
                    malformed++;
                }
            }
            Lanes lanes = Lanes.of(parsed);
            List<List<Delivery>> customers = new ArrayList<>();
            for (List<Delivery> lane : lanes.customers()) {
                if (lane.stream().anyMatch(d -> !java.util.Collections.disjoint(d.customers(), heldCustomers))) {
                    lane.forEach(this::hold); // a customer with a delivery kept earlier in this drain: kept behind it
                } else {
                    customers.add(lane);
                }
            }
            runAll(customers, finished);
            runAll(lanes.others().stream().map(List::of).toList(), finished);
            deliveries += finished.size();
            Map<String, List<String>> byBatch = new LinkedHashMap<>();
            for (Item item : finished) byBatch.computeIfAbsent(item.batch(), k -> new ArrayList<>()).add(item.entry().id());
            byBatch.forEach(journal::delete);
        }

        /** Stores each lane's deliveries in order, the lanes at the same time; records what finished and what is kept. */
        private void runAll(List<List<Delivery>> lanes, List<Item> finished) {
            if (lanes.isEmpty()) return;
            if (lanes.size() == 1) {
                runLane(lanes.getFirst(), finished);
                return;
            }
            try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
                lanes.forEach(lane -> threads.execute(() -> runLane(lane, finished)));
            } // waits for every lane
        }

        private void runLane(List<Delivery> lane, List<Item> finished) {
            for (int i = 0; i < lane.size(); i++) {
                Delivery d = lane.get(i);
                IngestResult result;
                try {
                    result = ingest.store(d.channel(), d.events());
                } catch (RuntimeException e) { // kept with the rest of this lane, so its customer's order holds at the retry
                    synchronized (this) {
                        failures.add(e);
                        lane.subList(i, lane.size()).forEach(this::hold);
                    }
                    return;
                }
                totals.add(result);
                synchronized (finished) {
                    finished.add(d.item());
                }
            }
        }

        private synchronized void hold(Delivery d) {
            hold(d.item());
            heldCustomers.addAll(d.customers());
        }

        private synchronized void hold(Item item) {
            held.add(item.entry().id());
            heldBatches.add(item.batch());
        }

        String summary() {
            if (batches == 0) return "";
            return ": " + batches + (batches == 1 ? " batch, " : " batches, ") + (deliveries + held.size()) + " deliveries, " + totals
                    + (malformed > 0 ? ", " + malformed + " malformed" : "");
        }
    }

    /** An entry of a round, with its place in the round (batches in key order, then ids) and its batch's key. */
    private record Item(int order, String batch, InboundJournal.Entry entry) {}

    /**
     * Journal ids: {@code inb_}, then the millisecond and a counter (16 hex digits), strictly increasing in
     * this process even within one millisecond or when the clock steps back, then 8 random hex digits naming
     * the process (ids from two nodes in one millisecond differ there). Time-ordered ids with a random tail
     * would put two webhooks of one millisecond in either order; the drain stores in key order.
     */
    static final class JournalIds {
        private static final HexFormat HEX = HexFormat.of();
        private final Clock clock;
        private final String node = HEX.toHexDigits(new java.security.SecureRandom().nextInt());
        private long last;

        JournalIds(Clock clock) {
            this.clock = clock;
        }

        synchronized String next() {
            last = Math.max(clock.millis() << 20, last + 1); // 2^20 ids a millisecond before it borrows from the next
            return "inb_" + HEX.toHexDigits(last) + node;
        }
    }

    /** A journaled delivery, parsed. */
    private record Delivery(Item item, Channel channel, List<InboundEvent> events) {
        /** The customers whose messages it holds (account and sender). */
        Set<String> customers() {
            Set<String> keys = new HashSet<>();
            for (InboundEvent event : events) {
                switch (event) {
                    case InboundEvent.MessageReceived m -> keys.add(m.accountId() + '\u0000' + m.channelUserId());
                    case InboundEvent.EchoSent e -> keys.add(e.accountId() + '\u0000' + e.channelUserId());
                    default -> { }
                }
            }
            return keys;
        }
    }

    /**
     * A round's deliveries in lanes: one lane per set of customers (a delivery with two customers' messages
     * joins their lanes into one), each in the round's order; and the deliveries with no customer's message.
     */
    private record Lanes(List<List<Delivery>> customers, List<Delivery> others) {
        static Lanes of(List<Delivery> deliveries) {
            List<Set<String>> keys = new ArrayList<>();
            List<List<Delivery>> lanes = new ArrayList<>();
            List<Delivery> others = new ArrayList<>();
            for (Delivery d : deliveries) { // in the round's order
                Set<String> customers = d.customers();
                if (customers.isEmpty()) {
                    others.add(d);
                    continue;
                }
                int into = -1;
                for (int i = 0; i < lanes.size(); i++) {
                    if (java.util.Collections.disjoint(keys.get(i), customers)) continue;
                    if (into < 0) {
                        into = i;
                        continue;
                    }
                    lanes.get(into).addAll(lanes.remove(i)); // a delivery joining two lanes: one lane, in the round's order
                    keys.get(into).addAll(keys.remove(i));
                    lanes.get(into).sort(java.util.Comparator.comparingInt(x -> x.item().order()));
                    i--;
                }
                if (into < 0) {
                    lanes.add(new ArrayList<>());
                    keys.add(new HashSet<>());
                    into = lanes.size() - 1;
                }
                lanes.get(into).add(d);
                keys.get(into).addAll(customers);
            }
            return new Lanes(lanes, others);
        }
    }

    /** The batch's counts, added from the lanes' threads. */
    private static final class Totals {
        private int stored, duplicates, updates, ignored;

        synchronized void add(IngestResult r) {
            stored += r.stored();
            duplicates += r.duplicates();
            updates += r.updates();
            ignored += r.ignored();
        }

        @Override
        public synchronized String toString() {
            return stored + " stored, " + duplicates + " duplicates, " + updates + " updates, " + ignored + " ignored";
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
