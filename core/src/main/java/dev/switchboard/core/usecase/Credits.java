package dev.switchboard.core.usecase;

import dev.switchboard.core.store.Stores;

/** A tenant's credits: each reply (or each 1,000 tokens) costs one. Built by the engine. */
public final class Credits {
    private final Stores stores;
    private final Tenants tenants;

    public Credits(Stores stores, Tenants tenants) {
        this.stores = stores;
        this.tenants = tenants;
    }

    /** @return the balance after the top-up */
    public long add(String tenantId, AddCredits command) {
        tenants.get(tenantId);
        return stores.credits().add(tenantId, command.amount(), "topup", "api");
    }

    public long balance(String tenantId) {
        tenants.get(tenantId);
        return stores.credits().balance(tenantId);
    }

    /** The tenant's ledger rows (turns, extractions, top-ups, refunds), newest first. */
    public java.util.List<dev.switchboard.core.domain.CreditEntry> ledger(String tenantId, int limit, int offset) {
        tenants.get(tenantId);
        var rows = stores.credits().ledger(tenantId, limit + offset);
        return rows.size() <= offset ? java.util.List.of() : rows.subList(offset, rows.size());
    }
}
