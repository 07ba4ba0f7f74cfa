package dev.switchboard.core.domain;

import java.time.Instant;

/**
 * A ledger row: every change of a tenant's balance has one.
 *
 * @param kind      {@code topup}, {@code deduction} or {@code refund}
 * @param reference what it paid for (a message id, a turn, an extraction)
 */
public record CreditEntry(
        String id,
        String tenantId,
        long delta,
        long balanceAfter,
        String kind,
        String reference,
        Usage usage,
        Instant createdAt) {}
