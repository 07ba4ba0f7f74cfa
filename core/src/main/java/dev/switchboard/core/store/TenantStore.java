package dev.switchboard.core.store;

import dev.switchboard.core.domain.Tenant;
import java.util.Optional;

public interface TenantStore {
    /** @throws dev.switchboard.core.support.ConflictException if the id or e-mail is taken */
    Tenant create(Tenant tenant);

    Optional<Tenant> find(String tenantId);

    /** Whether the store holds at least one tenant (a fresh store holds none). */
    boolean any();

    /** A page of tenants, oldest first (then by id). */
    java.util.List<Tenant> list(int limit, int offset);
}
