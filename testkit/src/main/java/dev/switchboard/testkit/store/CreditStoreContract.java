package dev.switchboard.testkit.store;

import static dev.switchboard.testkit.store.StoreFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.domain.CreditEntry;
import dev.switchboard.core.domain.Tenant;
import dev.switchboard.core.domain.Usage;
import dev.switchboard.core.store.Stores;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Contract for {@code CreditStore}: atomic check-and-deduct with a ledger row for every change. */
public abstract class CreditStoreContract {

    protected abstract Stores stores();

    protected Stores stores;
    protected String tenant;

    @BeforeEach
    void initStores() {
        stores = stores();
        tenant = stores.tenants().create(new Tenant(unique("usr"), unique("c") + "@example.com", null, null, StoreFixtures.now())).id();
    }

    @Test
    void new_tenant_has_zero_and_top_ups_add_up() {
        assertThat(stores.credits().balance(tenant)).isZero();
        assertThat(stores.credits().add(tenant, 10, "topup", "api")).isEqualTo(10);
        assertThat(stores.credits().add(tenant, 5, "topup", "api")).isEqualTo(15);
        assertThat(stores.credits().balance(tenant)).isEqualTo(15);
    }

    @Test
    void deduct_fails_without_change_when_short() {
        stores.credits().add(tenant, 1, "topup", "api");
        assertThat(stores.credits().tryDeduct(tenant, 2, "turn:x", null)).isFalse();
        assertThat(stores.credits().balance(tenant)).isEqualTo(1);
        assertThat(stores.credits().tryDeduct(tenant, 1, "turn:y", new Usage(30, 12, 42))).isTrue();
        assertThat(stores.credits().balance(tenant)).isZero();
        assertThat(stores.credits().tryDeduct(tenant, 1, "turn:z", null)).isFalse();
        assertThat(stores.credits().ledger(tenant, 10)).hasSize(2);
    }

    @Test
    void ledger_records_every_change_newest_first_with_usage() {
        stores.credits().add(tenant, 3, "topup", "api");
        stores.credits().tryDeduct(tenant, 1, "turn:abc:1", new Usage(30, 12, 42));
        stores.credits().add(tenant, 1, "refund", "turn:abc:1");
        List<CreditEntry> ledger = stores.credits().ledger(tenant, 10);
        assertThat(ledger).extracting(CreditEntry::kind).containsExactly("refund", "deduction", "topup");
        assertThat(ledger).extracting(CreditEntry::delta).containsExactly(1L, -1L, 3L);
        assertThat(ledger).extracting(CreditEntry::balanceAfter).containsExactly(3L, 2L, 3L);
        assertThat(ledger.get(1).reference()).isEqualTo("turn:abc:1");
        assertThat(ledger.get(1).usage()).isEqualTo(new Usage(30, 12, 42));
        assertThat(stores.credits().ledger(tenant, 1)).hasSize(1);
    }

    @Test
    void twenty_concurrent_deductions_against_ten_credits_deduct_exactly_ten() throws Exception {
        stores.credits().add(tenant, 10, "topup", "api");
        List<Boolean> results = ConversationStoreContract.concurrently(20, i -> stores.credits().tryDeduct(tenant, 1, "turn:" + i, null));
        assertThat(results).filteredOn(b -> b).hasSize(10);
        assertThat(stores.credits().balance(tenant)).isZero();
        List<CreditEntry> ledger = stores.credits().ledger(tenant, 100);
        assertThat(ledger).filteredOn(e -> e.kind().equals("deduction")).hasSize(10);
        assertThat(ledger).allMatch(e -> e.balanceAfter() >= 0);
    }

    @Test
    void balances_are_per_tenant() {
        String other = stores.tenants().create(new Tenant(unique("usr"), unique("c") + "@example.com", null, null, StoreFixtures.now())).id();
        stores.credits().add(tenant, 7, "topup", "api");
        assertThat(stores.credits().balance(other)).isZero();
        assertThat(stores.credits().tryDeduct(other, 1, "turn:x", null)).isFalse();
        assertThat(stores.credits().ledger(other, 10)).isEmpty();
    }
}
