package dev.switchboard.core.memory;

import dev.switchboard.core.domain.CreditEntry;
import dev.switchboard.core.domain.Usage;
import dev.switchboard.core.store.CreditStore;
import dev.switchboard.core.support.Ids;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link CreditStore} in memory: the balance and its ledger row change under one lock. */
final class InMemoryCreditStore implements CreditStore {
    private final Guard guard;
    private final Clock clock;
    private final Ids ids;
    private final Map<String, Long> balances = new HashMap<>();
    private final List<CreditEntry> ledger = new ArrayList<>();

    InMemoryCreditStore(Guard guard, Clock clock, Ids ids) {
        this.guard = guard;
        this.clock = clock;
        this.ids = ids;
    }

    /** Opens a zero balance for a new tenant; the caller holds the guard. */
    void open(String tenantId) {
        balances.putIfAbsent(tenantId, 0L);
    }

    public long balance(String tenantId) {
        return guard.locked(() -> balances.getOrDefault(tenantId, 0L));
    }

    public long add(String tenantId, long amount, String kind, String reference) {
        return guard.locked(() -> {
            long next = balances.getOrDefault(tenantId, 0L) + amount;
            balances.put(tenantId, next);
            ledger.add(new CreditEntry(ids.next("cred"), tenantId, amount, next, kind, reference, null, clock.instant()));
            return next;
        });
    }

    public boolean tryDeduct(String tenantId, long amount, String reference, Usage usage) {
        return guard.locked(() -> {
            long current = balances.getOrDefault(tenantId, 0L);
            if (current < amount) return false;
            balances.put(tenantId, current - amount);
            ledger.add(new CreditEntry(ids.next("cred"), tenantId, -amount, current - amount, "deduction", reference, usage,
                    clock.instant()));
            return true;
        });
    }

    public List<CreditEntry> ledger(String tenantId, int limit) {
        return guard.locked(() -> {
            List<CreditEntry> mine = new ArrayList<>(ledger.stream().filter(e -> e.tenantId().equals(tenantId)).toList());
            Collections.reverse(mine);
            return List.copyOf(mine.subList(0, Math.min(limit, mine.size())));
        });
    }
}
