package dev.switchboard.core.engine;

import dev.switchboard.core.channel.Channel;
import dev.switchboard.core.channel.MalformedWebhookException;
import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.store.InboundJournal;
import dev.switchboard.core.support.EngineMetrics;
import dev.switchboard.core.support.Ids;
import dev.switchboard.core.work.Task;
import dev.switchboard.core.work.WorkQueue;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.logging.Logger;

/**
 * Deferred ingest: the webhook path only verifies a delivery, appends it to the {@link InboundJournal}
 * (durable when the provider is answered) and queues a {@link Task#RECEIVE}; a worker then parses and
 * stores its events exactly as {@link Ingest#receive} would and deletes the entry. The webhook answer
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
        journal.append(new InboundJournal.Entry(id, ch.channel(), ch.provider(), withoutCredentials(request), clock.instant()));
        try {
            queue.submit(Task.receive(id));
        } catch (RuntimeException e) { // journaled: the sweep queues it again
            LOG.warning(() -> "queueing journal entry " + id + " failed (" + e.getMessage() + "); the sweep will queue it again");
        }
        metrics.webhook(ch.channel(), EngineMetrics.Webhook.JOURNALED);
        return IngestResult.journaledAs(id);
    }

    /** A worker's half: the entry's events parsed and stored, their turns queued, then the entry deleted. */
    TurnOutcome process(String entryId) {
        var found = journal.find(entryId);
        if (found.isEmpty()) return TurnOutcome.done("journal entry " + entryId + " already processed");
        InboundJournal.Entry entry = found.get();
        IngestResult result;
        try {
            result = ingest.process(channels.get(entry.channel(), entry.provider()), entry.request());
        } catch (MalformedWebhookException e) {
            // logged in the webhook log with its body by Ingest; processing it again would fail again
            journal.delete(entryId);
            return TurnOutcome.done("journal entry " + entryId + " is malformed: " + e.getMessage());
        }
        // a store failure propagates before this: the task is retried and the entry kept
        journal.delete(entryId);
        return TurnOutcome.done("journal entry " + entryId + ": " + result.stored() + " stored, " + result.duplicates()
                + " duplicates, " + result.updates() + " updates, " + result.ignored() + " ignored");
    }

    /** Queues again the entries received before {@code before} that are still in the journal. @return how many */
    int requeue(Instant before) {
        List<String> left = journal.receivedBefore(before, 1000);
        left.forEach(id -> queue.submit(Task.receive(id)));
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
