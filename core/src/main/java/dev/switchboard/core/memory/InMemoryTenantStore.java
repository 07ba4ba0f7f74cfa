package dev.switchboard.core.memory;

import dev.switchboard.core.domain.Tenant;
import dev.switchboard.core.store.TenantStore;
import dev.switchboard.core.support.ConflictException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@link TenantStore} in memory; a new tenant gets a zero balance in the same step. */
final class InMemoryTenantStore implements TenantStore {
    private final Guard guard;
    private final InMemoryCreditStore credits;
    private final Map<String, Tenant> tenants = new LinkedHashMap<>();

    InMemoryTenantStore(Guard guard, InMemoryCreditStore credits) {
        this.guard = guard;
        this.credits = credits;
    }

    public Tenant create(Tenant tenant) {
        return guard.locked(() -> {
            if (tenants.containsKey(tenant.id())) throw new ConflictException("user exists: " + tenant.id());
            boolean emailTaken = tenants.values().stream().anyMatch(t -> t.email().equalsIgnoreCase(tenant.email()));
            if (emailTaken) throw new ConflictException("a user with this email exists");
            tenants.put(tenant.id(), tenant);
            credits.open(tenant.id());
            return tenant;
        });
    }

    public java.util.List<Tenant> list(int limit, int offset) {
        return guard.locked(() -> tenants.values().stream()
                .sorted(java.util.Comparator.comparing(Tenant::createdAt).thenComparing(Tenant::id))
                .skip(offset).limit(limit).toList());
    }

    public Optional<Tenant> find(String tenantId) {
        return guard.locked(() -> Optional.ofNullable(tenants.get(tenantId)));
    }

    public boolean any() {
        return guard.locked(() -> !tenants.isEmpty());
    }
}
