package dev.switchboard.core.engine;

import java.time.Duration;

/**
 * The engine's tunables. {@link #defaults()} are production values; tests shorten the waits.
 *
 * @param sendMaxAttempts     attempts per outbound message before it is marked failed (SEND_MAX_ATTEMPTS)
 * @param sendBackoff         first wait between send attempts; doubles each attempt
 * @param modelTimeout        a turn waits at most this long for the model, then sends the fallback reply
 * @param turnCost            credits one answered turn costs
 * @param extractionCost      credits one lead extraction costs
 * @param extractionInterval  quiet time before lead extraction (EXTRACTION_INTERVAL); an agent may override
 * @param extractionAttempts  extraction calls tried before the failure is recorded
 * @param contactTtl          how long a contact session lives after its last message (seed 000: 30 days)
 * @param dedupTtl            how long webhook ids are remembered in front of the store's unique keys
 * @param lockTtl             a conversation lock's lease; a crashed worker's lock frees itself after it
 * @param sweepInterval       how often workers look in the store for work the queue lost (0 disables)
 * @param sweepQuiet          the sweep only picks conversations with no inbound message for this long,
 *                            so it never races the normal path
 * @param webhookLogRetention the sweep deletes webhook log rows older than this (0 keeps them forever)
 */
public record EngineSettings(
        int sendMaxAttempts,
        Duration sendBackoff,
        Duration modelTimeout,
        long turnCost,
        long extractionCost,
        Duration extractionInterval,
        int extractionAttempts,
        Duration contactTtl,
        Duration dedupTtl,
        Duration lockTtl,
        Duration sweepInterval,
        Duration sweepQuiet,
        Duration webhookLogRetention) {

    public EngineSettings {
        if (sendMaxAttempts < 1) throw new dev.switchboard.core.support.ConfigurationException("sendMaxAttempts must be at least 1");
        if (turnCost < 0 || extractionCost < 0) throw new dev.switchboard.core.support.ConfigurationException("costs must not be negative");
        if (extractionAttempts < 1) throw new dev.switchboard.core.support.ConfigurationException("extractionAttempts must be at least 1");
        if (webhookLogRetention == null || webhookLogRetention.isNegative()) throw new dev.switchboard.core.support.ConfigurationException("webhookLogRetention must not be negative");
    }

    public static EngineSettings defaults() {
        return new EngineSettings(3, Duration.ofMillis(500), Duration.ofSeconds(60), 1, 1,
                Duration.ofMillis(300_000), 3, Duration.ofDays(30), Duration.ofDays(7), Duration.ofMinutes(2),
                Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofDays(7));
    }

    public EngineSettings withSendBackoff(Duration backoff) {
        return new EngineSettings(sendMaxAttempts, backoff, modelTimeout, turnCost, extractionCost, extractionInterval,
                extractionAttempts, contactTtl, dedupTtl, lockTtl, sweepInterval, sweepQuiet, webhookLogRetention);
    }

    public EngineSettings withSendMaxAttempts(int attempts) {
        return new EngineSettings(attempts, sendBackoff, modelTimeout, turnCost, extractionCost, extractionInterval,
                extractionAttempts, contactTtl, dedupTtl, lockTtl, sweepInterval, sweepQuiet, webhookLogRetention);
    }

    public EngineSettings withModelTimeout(Duration timeout) {
        return new EngineSettings(sendMaxAttempts, sendBackoff, timeout, turnCost, extractionCost, extractionInterval,
                extractionAttempts, contactTtl, dedupTtl, lockTtl, sweepInterval, sweepQuiet, webhookLogRetention);
    }

    public EngineSettings withExtractionInterval(Duration interval) {
        return new EngineSettings(sendMaxAttempts, sendBackoff, modelTimeout, turnCost, extractionCost, interval,
                extractionAttempts, contactTtl, dedupTtl, lockTtl, sweepInterval, sweepQuiet, webhookLogRetention);
    }

    public EngineSettings withSweep(Duration interval, Duration quiet) {
        return new EngineSettings(sendMaxAttempts, sendBackoff, modelTimeout, turnCost, extractionCost, extractionInterval,
                extractionAttempts, contactTtl, dedupTtl, lockTtl, interval, quiet, webhookLogRetention);
    }

    public EngineSettings withLockTtl(Duration ttl) {
        return new EngineSettings(sendMaxAttempts, sendBackoff, modelTimeout, turnCost, extractionCost, extractionInterval,
                extractionAttempts, contactTtl, dedupTtl, ttl, sweepInterval, sweepQuiet, webhookLogRetention);
    }

    public EngineSettings withWebhookLogRetention(Duration retention) {
        return new EngineSettings(sendMaxAttempts, sendBackoff, modelTimeout, turnCost, extractionCost, extractionInterval,
                extractionAttempts, contactTtl, dedupTtl, lockTtl, sweepInterval, sweepQuiet, retention);
    }
}
