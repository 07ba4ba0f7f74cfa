package dev.switchboard.core.engine;

import dev.switchboard.core.domain.CreditPolicy;
import dev.switchboard.core.domain.Tenant;
import dev.switchboard.core.store.TenantStore;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tenant's credit policy, read from the store once per process: every turn and extraction
 * charges under it, and a tenant never changes once created ({@link TenantStore} has no update),
 * so the read would always give the same answer. Should tenants become editable, the edit must
 * drop what is remembered here (and on other nodes through the invalidations, as {@link Directory} does).
 * A tenant not found is not remembered. Bounded: past {@link #MAX} tenants the map starts over.
 */
final class TenantPolicies {
    static final int MAX = 100_000;

    private final TenantStore tenants;
    private final ConcurrentHashMap<String, CreditPolicy> known = new ConcurrentHashMap<>();

    TenantPolicies(TenantStore tenants) {
        this.tenants = tenants;
    }

    /** The tenant's policy; {@link CreditPolicy#PER_REPLY} for a tenant that does not exist. */
    CreditPolicy of(String tenantId) {
        CreditPolicy policy = known.get(tenantId);
        if (policy != null) return policy;
        policy = tenants.find(tenantId).map(Tenant::creditPolicy).orElse(null);
        if (policy == null) return CreditPolicy.PER_REPLY;
        if (known.size() >= MAX) known.clear();
        known.put(tenantId, policy);
        return policy;
    }
}
