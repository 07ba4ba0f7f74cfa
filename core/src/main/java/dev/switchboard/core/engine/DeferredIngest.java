package dev.switchboard.core.engine;

import dev.switchboard.core.channel.Channel;
import dev.switchboard.core.channel.InboundEvent;
import dev.switchboard.core.channel.MalformedWebhookException;
import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.store.InboundJournal;
import dev.switchboard.core.support.EngineMetrics;
import dev.switchboard.core.support.Ids;
import dev.switchboard.core.work.Task;
import dev.switchboard.core.work.WorkQueue;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.logging.Logger;

/**
 * Deferred ingest: the webhook path only verifies a delivery, appends it to the {@link InboundJournal}
 * (durable when the provider is answered) and, once per journal batch, queues a {@link Task#RECEIVE}; a
 * worker then parses and stores the batch's events exactly as {@link Ingest#receive} would and deletes
 * the entries. The webhook answer
 * then costs what a raw insert and a queue write cost, whatever the delivery holds, and the
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
    private final Ids ids;
    private final EngineMetrics metrics;

    DeferredIngest(Ingest ingest, ChannelRegistry channels, InboundJournal journal, WorkQueue queue, Clock clock, Ids ids,
                   EngineMetrics metrics) {
        this.ingest = ingest;
        this.channels = channels;
        this.journal = journal;
        this.queue = queue;
        this.clock = clock;
        this.ids = ids;
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
        String id = ids.next("inb");
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
     * A worker's half: the batch's entries parsed, their events stored and turns queued, then the
     * processed entries deleted. One customer's deliveries are stored in the order they were received;
     * different customers' at the same time, so the stores can write them together (the inbound group
     * commit sees the whole batch). Deliveries without a customer's message (statuses, edits, account
     * updates) are stored after the batch's messages, so an edit finds the message it edits.
     *
     * <p>A delivery whose store failed is kept, with the later ones of its customer; the others are
     * deleted and the failure is rethrown, so the task is retried for what is left.
     */
    TurnOutcome process(String batchKey) {
        List<InboundJournal.Entry> entries = journal.batch(batchKey);
        if (entries.isEmpty()) return TurnOutcome.done("journal batch " + batchKey + " already processed");
        List<String> finished = new ArrayList<>(entries.size());
        List<Delivery> deliveries = new ArrayList<>(entries.size());
        List<RuntimeException> failures = new ArrayList<>();
        int malformed = 0;
        for (InboundJournal.Entry entry : entries) {
            Channel ch;
            try {
                ch = channels.get(entry.channel(), entry.provider());
            } catch (RuntimeException e) { // no such channel on this worker: kept, retried
                failures.add(e);
                continue;
            }
            try {
                deliveries.add(new Delivery(entry, ch, ingest.parse(ch, entry.request())));
            } catch (RuntimeException e) {
                // a malformed body, or a parser that fails on it: parsing stored bytes fails the same way every
                // time, so it is dropped, not retried forever (Ingest logged it in the webhook log with its body)
                if (!(e instanceof MalformedWebhookException)) {
                    LOG.warning(() -> "journal entry " + entry.id() + " could not be parsed (" + e + "); dropped, see the webhook log");
                }
                finished.add(entry.id());
                malformed++;
            }
        }
        Lanes lanes = Lanes.of(deliveries);
        Totals totals = new Totals();
        runAll(lanes.customers(), totals, finished, failures);
        runAll(lanes.others().stream().map(List::of).toList(), totals, finished, failures);
        journal.delete(batchKey, finished);
        String summary = "journal batch " + batchKey + ": " + entries.size() + " deliveries, " + totals + (malformed > 0 ? ", "
                + malformed + " malformed" : "");
        if (!failures.isEmpty()) {
            RuntimeException first = failures.getFirst();
            failures.stream().skip(1).forEach(first::addSuppressed);
            LOG.warning(() -> summary + "; " + (entries.size() - finished.size()) + " kept for a retry (" + first.getMessage() + ")");
            throw first;
        }
        return TurnOutcome.done(summary);
    }

    /** Stores each lane's deliveries in order, the lanes at the same time; records what finished and what failed. */
    private void runAll(List<List<Delivery>> lanes, Totals totals, List<String> finished, List<RuntimeException> failures) {
        if (lanes.isEmpty()) return;
        if (lanes.size() == 1) {
            runLane(lanes.getFirst(), totals, finished, failures);
            return;
        }
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            lanes.forEach(lane -> threads.execute(() -> runLane(lane, totals, finished, failures)));
        } // waits for every lane
    }

    private void runLane(List<Delivery> lane, Totals totals, List<String> finished, List<RuntimeException> failures) {
        for (Delivery d : lane) {
            IngestResult result;
            try {
                result = ingest.store(d.channel(), d.events());
            } catch (RuntimeException e) { // kept with the rest of this lane, so its customer's order holds at the retry
                synchronized (failures) {
                    failures.add(e);
                }
                return;
            }
            totals.add(result);
            synchronized (finished) {
                finished.add(d.entry().id());
            }
        }
    }

    /** A journaled delivery, parsed. */
    private record Delivery(InboundJournal.Entry entry, Channel channel, List<InboundEvent> events) {
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
     * A batch's deliveries in lanes: one lane per set of customers (a delivery with two customers' messages
     * joins their lanes into one), each in id order; and the deliveries with no customer's message.
     */
    private record Lanes(List<List<Delivery>> customers, List<Delivery> others) {
        static Lanes of(List<Delivery> deliveries) {
            List<Set<String>> keys = new ArrayList<>();
            List<List<Delivery>> lanes = new ArrayList<>();
            List<Delivery> others = new ArrayList<>();
            for (Delivery d : deliveries) { // in id order
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
                    lanes.get(into).addAll(lanes.remove(i)); // a delivery joining two lanes: one lane, in id order
                    keys.get(into).addAll(keys.remove(i));
                    lanes.get(into).sort(java.util.Comparator.comparing(x -> x.entry().id()));
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

    /** Queues again the batches with entries received before {@code before} still in the journal. @return how many */
    int requeue(Instant before) {
        List<String> left = journal.batchesReceivedBefore(before, 1000);
        left.forEach(key -> queue.submit(Task.receive(key)));
        return left.size();
    }

    /** How long the oldest delivery still in the journal has waited; zero when none waits. */
    public java.time.Duration backlog() {
        return journal.oldestReceivedAt().map(t -> java.time.Duration.between(t, clock.instant()))
                .filter(d -> !d.isNegative()).orElse(java.time.Duration.ZERO);
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
