package dev.switchboard.testkit.store;

import static dev.switchboard.testkit.store.StoreFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.domain.Agent;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.Tenant;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.support.ConflictException;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Contract for {@code TenantStore}, {@code ChannelAccountStore} and {@code AgentStore}. */
public abstract class AccountsAndAgentsContract {

    /** The stores under test. Called before each test. */
    protected abstract Stores stores();

    protected Stores stores;

    @BeforeEach
    void initStores() {
        stores = stores();
    }

    @Test
    void tenant_round_trips_and_duplicate_id_or_email_conflicts() {
        Tenant t = stores.tenants().create(new Tenant(unique("usr"), unique("a") + "@example.com", "Acme", null, StoreFixtures.now()));
        assertThat(stores.tenants().find(t.id())).contains(t);
        assertThat(stores.tenants().find(unique("missing"))).isEmpty();
        assertThat(t.creditPolicy()).isEqualTo(dev.switchboard.core.domain.CreditPolicy.PER_REPLY);
        Tenant tokens = stores.tenants().create(new Tenant(unique("usr"), unique("k") + "@example.com", null,
                dev.switchboard.core.domain.CreditPolicy.PER_1K_TOKENS, StoreFixtures.now()));
        assertThat(stores.tenants().find(tokens.id()).orElseThrow().creditPolicy()).isEqualTo(dev.switchboard.core.domain.CreditPolicy.PER_1K_TOKENS);
        assertThatThrownBy(() -> stores.tenants().create(new Tenant(t.id(), unique("b") + "@example.com", null, null, StoreFixtures.now())))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> stores.tenants().create(new Tenant(unique("usr"), t.email(), null, null, StoreFixtures.now())))
                .isInstanceOf(ConflictException.class);
    }

    /** Stores holding no tenant yet, or null when the implementation cannot give one (then only the non-empty case runs). */
    protected Stores emptyStores() {
        return null;
    }

    @Test
    void any_tenant_is_false_on_an_empty_store_and_true_once_one_is_created() {
        Stores empty = emptyStores();
        if (empty != null) {
            assertThat(empty.tenants().any()).isFalse();
            empty.tenants().create(new Tenant(unique("usr"), unique("e") + "@example.com", null, null, StoreFixtures.now()));
            assertThat(empty.tenants().any()).isTrue();
        }
        stores.tenants().create(new Tenant(unique("usr"), unique("f") + "@example.com", null, null, StoreFixtures.now()));
        assertThat(stores.tenants().any()).isTrue();
    }

    @Test
    void account_round_trips_with_secret_and_settings_and_ids_are_global() {
        var s = StoreFixtures.setup(stores);
        ChannelAccount found = stores.accounts().find(s.account().id()).orElseThrow();
        assertThat(found).isEqualTo(s.account());
        assertThat(found.accessToken().value()).isEqualTo(s.account().accessToken().value());
        assertThat(stores.accounts().list(s.tenant().id())).containsExactly(s.account());

        var other = StoreFixtures.setup(stores);
        assertThatThrownBy(() -> stores.accounts().create(StoreFixtures.account(other.tenant().id(), s.account().id())))
                .isInstanceOf(ConflictException.class);
        assertThat(stores.accounts().list(other.tenant().id())).doesNotContain(s.account());
    }

    @Test
    void account_settings_update_and_delete() {
        var s = StoreFixtures.setup(stores);
        stores.accounts().updateSettings(s.account().id(), Map.of("connection_state", "open"));
        assertThat(stores.accounts().find(s.account().id()).orElseThrow().settings()).containsEntry("connection_state", "open");
        stores.agents().delete(s.agent().id());
        assertThat(stores.accounts().delete(s.account().id())).isTrue();
        assertThat(stores.accounts().find(s.account().id())).isEmpty();
        assertThat(stores.accounts().delete(s.account().id())).isFalse();
    }

    @Test
    void agent_round_trips_and_one_agent_per_account() {
        var s = StoreFixtures.setup(stores);
        assertThat(stores.agents().find(s.agent().id())).contains(s.agent());
        assertThat(stores.agents().findByChannelAccount(s.account().id())).contains(s.agent());
        assertThatThrownBy(() -> stores.agents().create(StoreFixtures.agent(s.tenant().id(), unique("agt"), s.account().id())))
                .isInstanceOf(ConflictException.class);
        Agent unlinked = stores.agents().create(StoreFixtures.agent(s.tenant().id(), unique("agt"), null));
        assertThat(stores.agents().list(s.tenant().id())).containsExactlyInAnyOrder(s.agent(), unlinked);
    }

    @Test
    void agent_update_replaces_fields_and_cannot_take_a_linked_account() {
        var s = StoreFixtures.setup(stores);
        Agent a = s.agent();
        Agent changed = new Agent(a.id(), a.tenantId(), a.channelAccountId(), "Renamed", null, null, "Be brief.", "gpt-4o-mini",
                null, null, 0, java.util.Set.of("escalate_conversation"), false, 60_000L, Map.of(), a.createdAt(), StoreFixtures.now());
        stores.agents().update(changed);
        assertThat(stores.agents().find(a.id())).contains(changed);

        Agent other = stores.agents().create(StoreFixtures.agent(s.tenant().id(), unique("agt"), null));
        Agent steal = new Agent(other.id(), other.tenantId(), a.channelAccountId(), other.name(), other.promptId(), null, null, null,
                null, null, 0, null, true, null, Map.of(), other.createdAt(), StoreFixtures.now());
        assertThatThrownBy(() -> stores.agents().update(steal)).isInstanceOf(ConflictException.class);
        assertThat(stores.agents().delete(other.id())).isTrue();
        assertThat(stores.agents().find(other.id())).isEmpty();
    }
}
