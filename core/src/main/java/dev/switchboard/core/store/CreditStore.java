package dev.switchboard.core.store;

import dev.switchboard.core.domain.CreditEntry;
import dev.switchboard.core.domain.Usage;
import java.util.List;

/**
 * Credit balances with a ledger. Every change writes a ledger row in the same atomic step, and a
 * balance never goes below zero, however many turns deduct at once.
 */
public interface CreditStore {
    long balance(String tenantId);

    /** Adds credits (top-up or refund). @return the new balance */
    long add(String tenantId, long amount, String kind, String reference);

    /**
     * Deducts {@code amount} if the balance covers it.
     *
     * @return true if deducted; false (and nothing changed) if the balance was short
     */
    boolean tryDeduct(String tenantId, long amount, String reference, Usage usage);

    /** Newest first. */
    List<CreditEntry> ledger(String tenantId, int limit);
}
