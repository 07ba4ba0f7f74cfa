package dev.switchboard.core.usecase;

import dev.switchboard.core.domain.Tenant;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.support.Ids;
import dev.switchboard.core.support.NotFoundException;
import java.time.Clock;

/** Tenants: the accounts of the businesses using the deployment. Built by the engine. */
public final class Tenants {
    private final Stores stores;
    private final Clock clock;
    private final Ids ids;

    public Tenants(Stores stores, Clock clock, Ids ids) {
        this.stores = stores;
        this.clock = clock;
        this.ids = ids;
    }

    /** @throws dev.switchboard.core.support.ConflictException when the id is taken */
    public Tenant create(CreateTenant command) {
        String id = command.tenantId() != null ? command.tenantId() : ids.next("usr");
        return stores.tenants().create(new Tenant(id, command.email(), command.companyName(), command.creditPolicy(), clock.instant()));
    }

    /** @throws NotFoundException when there is no such tenant */
    public Tenant get(String tenantId) {
        return stores.tenants().find(tenantId).orElseThrow(() -> new NotFoundException("user", tenantId));
    }

    /** Whether any tenant exists (a fresh deployment has none). */
    public boolean any() {
        return stores.tenants().any();
    }

    /** A page of tenants, oldest first. */
    public java.util.List<Tenant> list(int limit, int offset) {
        return stores.tenants().list(limit, offset);
    }
}
