package dev.switchboard.core.support;

import java.time.Duration;

/**
 * What the engine reports as it works, for counters and timers: webhooks and their events, turns,
 * model calls, sends and lead extractions. A runner binds it to its metrics library; the default,
 * {@link #NONE}, records nothing. Every method has a no-op default, so an implementation overrides
 * what it records.
 *
 * <p>Called on the engine's own threads (webhook handlers, workers) in the middle of their work: an
 * implementation must be thread-safe and quick, and should not throw. Should it throw anyway, the
 * engine logs it and carries on; a metric never changes what the engine does.
 *
 * <p>{@code channel} is the channel's open name ({@code "whatsapp"}, {@code "instagram"}…).
 */
public interface EngineMetrics {
    /** Records nothing. */
    EngineMetrics NONE = new EngineMetrics() {};

    /** What became of one webhook request. */
    enum Webhook {
        /** verified and read; its events are reported one by one */
        ACCEPTED,
        /** refused before parsing: bad signature or token */
        REJECTED,
        /** verified but unreadable */
        MALFORMED,
        /** verified and journaled for a worker (deferred ingest); the worker reports it again as it processes it */
        JOURNALED,
        /** verified, but an event could not be stored (the provider is asked to retry) */
        FAILED
    }

    /** What became of one event of an accepted webhook. */
    enum Event {
        /** a new inbound message, stored and queued for a turn */
        STORED,
        /** seen before: a provider retry or an echo of our own send */
        DUPLICATE,
        /** a delivery status, an operator's echo or an account change applied */
        UPDATED,
        /** deliberately dropped: unknown account, no agent, an event we do not handle */
        IGNORED
    }

    /** What one run of a conversation's turn did. */
    enum Turn {
        /** a reply (the model's, or the agent's fallback) was recorded and handed to delivery */
        REPLIED,
        /** the debounce window is still open; the turn comes back when it ends */
        POSTPONED,
        /** a human has the conversation (paused, escalated, resolved): the bot stays silent */
        PAUSED,
        /** the tenant has no credits (left): nothing is answered */
        NO_CREDITS,
        /** nothing was sent: nothing unanswered, no text from the model, answered by another worker, or gone */
        NO_REPLY,
        /** another worker holds the conversation; the task is retried shortly */
        BUSY
    }

    /** How a model call for a turn ended. */
    enum ModelCall {
        ANSWERED,
        /** failed or timed out: the agent's fallback reply is sent instead */
        FALLBACK
    }

    /** What became of one outbound message, or of one attempt at it. */
    enum Send {
        /** the provider accepted the message */
        SENT,
        /** a transient failure; the message is tried again after a backoff */
        RETRIED,
        /** failed for good: permanent error, attempts used up, or the service window closed */
        FAILED
    }

    /** How a lead extraction ended. */
    enum Lead {
        STORED,
        /** every attempt failed or returned invalid data; recorded in the webhook log */
        FAILED
    }

    default void webhook(String channel, Webhook outcome) {}

    default void webhookEvent(String channel, Event outcome) {}

    default void turn(Turn outcome) {}

    /** @param took from the call to its answer, or to the timeout */
    default void modelCall(ModelCall outcome, Duration took) {}

    default void send(String channel, Send outcome) {}

    default void extraction(Lead outcome) {}
}
