package dev.switchboard.core.store;

import dev.switchboard.core.channel.WebhookRequest;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Deliveries accepted but not yet processed (deferred ingest, {@code WEBHOOK_INGEST=deferred}): the
 * webhook path verifies a delivery, appends it here and answers the provider; a worker then parses
 * and stores its events and deletes the entry. An entry stays until it is processed, so a delivery
 * the provider was answered for is never lost: the engine's sweep queues again what a lost task left.
 *
 * <p>Entries are appended in <b>batches</b>: a journal may store concurrent appends together (one
 * commit) and answers each the key of its batch, so one queued task and one read serve many
 * deliveries. A worker drains the journal batch by batch in key order ({@link #oldestBatches}). A
 * journal that does not batch makes each entry a batch of its own, keyed by its id.
 */
public interface InboundJournal {

    /**
     * One accepted delivery. Its request has no credentials left in it (signatures, tokens, API keys):
     * it was verified before it was appended.
     */
    record Entry(String id, String channel, String provider, WebhookRequest request, Instant receivedAt) {}

    /**
     * Stores the entry durably: when this returns, it survives a crash.
     *
     * @return the key of the batch the entry was stored in. It is the largest of the batch's ids (time-ordered):
     *         exactly one appender, the one whose entry's id it is, gets its own id back, and that one queues the
     *         batch's processing. An entry created after another's batch was stored has a larger id than every
     *         id of that batch, so its own batch's key is larger: batches in key order are in the order that
     *         matters, a customer's message sent after the previous one was accepted
     */
    String append(Entry entry);

    /** The entries of batch {@code key} still waiting, in id order (empty when all are processed). */
    List<Entry> batch(String key);

    /** Removes processed entries of batch {@code key}; removing ones already gone is not an error. */
    void delete(String key, Collection<String> ids);

    /**
     * The keys of the batches still waiting, oldest (smallest key) first: the order a worker drains them in,
     * so one customer's deliveries are stored in the order they were received whichever task stores them.
     */
    List<String> oldestBatches(int limit);

    /** The keys of batches with entries received before {@code before}, oldest first: work a lost task may have left. */
    List<String> batchesReceivedBefore(Instant before, int limit);

    /** When the oldest entry still waiting was received; empty when none waits (how far behind the workers are). */
    Optional<Instant> oldestReceivedAt();
}
