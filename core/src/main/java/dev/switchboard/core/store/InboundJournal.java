package dev.switchboard.core.store;

import dev.switchboard.core.channel.WebhookRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Deliveries accepted but not yet processed (deferred ingest, {@code WEBHOOK_INGEST=deferred}): the
 * webhook path verifies a delivery, appends it here and answers the provider; a worker then parses
 * and stores its events and deletes the entry. An entry stays until it is processed, so a delivery
 * the provider was answered for is never lost: the engine's sweep queues again what a lost task left.
 */
public interface InboundJournal {

    /**
     * One accepted delivery. Its request has no credentials left in it (signatures, tokens, API keys):
     * it was verified before it was appended.
     */
    record Entry(String id, String channel, String provider, WebhookRequest request, Instant receivedAt) {}

    /** Stores the entry durably: when this returns, it survives a crash. */
    void append(Entry entry);

    Optional<Entry> find(String id);

    /** Removes a processed entry; removing one already gone is not an error. */
    void delete(String id);

    /** The ids of entries received before {@code before}, oldest first: work a lost task may have left. */
    List<String> receivedBefore(Instant before, int limit);

    /** When the oldest entry still waiting was received; empty when none waits (how far behind the workers are). */
    Optional<Instant> oldestReceivedAt();
}
