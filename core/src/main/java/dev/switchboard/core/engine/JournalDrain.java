package dev.switchboard.core.engine;

import dev.switchboard.core.channel.Channel;
import dev.switchboard.core.channel.InboundEvent;
import dev.switchboard.core.channel.MalformedWebhookException;
import dev.switchboard.core.store.InboundJournal;
import dev.switchboard.core.work.Task;
import dev.switchboard.core.work.WorkQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.logging.Logger;

/**
 * One task's drain of the {@link InboundJournal} ({@link DeferredIngest#process}, which holds the drain lock):
 * rounds of the oldest batches' entries, parsed and stored, what they stored, and what is kept for a retry.
 */
final class JournalDrain {
    private static final Logger LOG = Logger.getLogger(JournalDrain.class.getName());
    /** A round reads up to this many batches (and as many more as hold entries kept for a retry). */
    static final int ROUND_BATCHES = 64;

    private final Ingest ingest;
    private final ChannelRegistry channels;
    private final InboundJournal journal;
    private final WorkQueue queue;
    private final int roundEntries;
    private final Totals totals = new Totals();
    private final List<RuntimeException> failures = new ArrayList<>();
    /** Entries kept for a retry (a failed store, or a later delivery of its customer) and the batches they are in. */
    private final Set<String> held = new HashSet<>(), heldBatches = new HashSet<>();
    /** Customers with a delivery kept: their later deliveries are kept too, so their order holds at the retry. */
    private final Set<String> heldCustomers = new HashSet<>();
    private int batches, deliveries, malformed;
    private boolean handedOver;
    private final long deadline;

    /** @param roundEntries about how many deliveries a round stores; @param budget how long before it hands over */
    JournalDrain(Ingest ingest, ChannelRegistry channels, InboundJournal journal, WorkQueue queue, int roundEntries, Duration budget) {
        this.ingest = ingest;
        this.channels = channels;
        this.journal = journal;
        this.queue = queue;
        this.roundEntries = roundEntries;
        this.deadline = System.nanoTime() + budget.toNanos();
    }

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

    /** The oldest batches' entries not kept, in batch then id order, about {@code roundEntries} (whole batches). */
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

    /** The first store failure, the others suppressed in it; null when every delivery was stored or dropped. */
    RuntimeException failure() {
        if (failures.isEmpty()) return null;
        RuntimeException first = failures.getFirst();
        failures.stream().skip(1).forEach(first::addSuppressed);
        return first;
    }

    /** Deliveries kept for a retry. */
    int kept() {
        return held.size();
    }

    /** Batches this drain took entries from (zero: it found nothing to do). */
    int batches() {
        return batches;
    }

    /** Whether it queued a task for what it left (past its budget). */
    boolean handedOver() {
        return handedOver;
    }

    String summary() {
        if (batches == 0) return "";
        return ": " + batches + (batches == 1 ? " batch, " : " batches, ") + (deliveries + held.size()) + " deliveries, " + totals
                + (malformed > 0 ? ", " + malformed + " malformed" : "");
    }

    /** An entry of a round, with its place in the round (batches in key order, then ids) and its batch's key. */
    private record Item(int order, String batch, InboundJournal.Entry entry) {}

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
}
