package dev.switchboard.testkit.store;

import static dev.switchboard.testkit.store.StoreFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.domain.Tenant;
import dev.switchboard.core.store.ApiKey;
import dev.switchboard.core.store.ApiKeyStore;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.support.ConflictException;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Contract for {@link ApiKeyStore}: hashes found while active, listed per tenant, revoked at once. */
public abstract class ApiKeyStoreContract {

    protected abstract Stores stores();

    protected abstract ApiKeyStore apiKeys();

    private ApiKeyStore keys;
    private String tenant;
    private String other;

    @BeforeEach
    void init() {
        Stores stores = stores();
        keys = apiKeys();
        tenant = stores.tenants().create(new Tenant(unique("usr"), unique("c") + "@example.com", null, null, StoreFixtures.now())).id();
        other = stores.tenants().create(new Tenant(unique("usr"), unique("c") + "@example.com", null, null, StoreFixtures.now())).id();
    }

    private ApiKey key(String owner, String name) {
        return new ApiKey(unique("key"), owner, name, unique("hash"), StoreFixtures.now().truncatedTo(ChronoUnit.MILLIS), null);
    }

    @Test
    void a_created_key_is_found_by_its_hash_and_listed_for_its_tenant_only() {
        ApiKey a = keys.create(key(tenant, "console"));
        ApiKey b = keys.create(key(tenant, "crm"));
        keys.create(key(other, "theirs"));
        assertThat(keys.findByHash(a.hash())).contains(a);
        assertThat(keys.findByHash("no-such-hash")).isEmpty();
        assertThat(keys.list(tenant)).extracting(ApiKey::id).containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(keys.list(tenant)).allMatch(k -> k.tenantId().equals(tenant) && k.active());
    }

    @Test
    void a_revoked_key_is_no_longer_found_but_still_listed() {
        ApiKey a = keys.create(key(tenant, "console"));
        assertThat(keys.revoke(other, a.id(), StoreFixtures.now())).as("another tenant cannot revoke it").isFalse();
        assertThat(keys.findByHash(a.hash())).isPresent();
        assertThat(keys.revoke(tenant, a.id(), StoreFixtures.now())).isTrue();
        assertThat(keys.findByHash(a.hash())).isEmpty();
        assertThat(keys.revoke(tenant, a.id(), StoreFixtures.now())).as("already revoked").isFalse();
        assertThat(keys.list(tenant)).singleElement().satisfies(k -> assertThat(k.revokedAt()).isNotNull());
        assertThat(keys.revoke(tenant, "no-such-key", StoreFixtures.now())).isFalse();
    }

    @Test
    void a_duplicate_hash_is_a_conflict() {
        ApiKey a = keys.create(key(tenant, "console"));
        ApiKey twin = new ApiKey(unique("key"), tenant, "twin", a.hash(), StoreFixtures.now(), null);
        assertThatThrownBy(() -> keys.create(twin)).isInstanceOf(ConflictException.class);
    }
}
