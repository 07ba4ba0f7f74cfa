package dev.switchboard.adapters.postgres;

import dev.switchboard.core.store.Stores;
import dev.switchboard.testkit.store.AccountsAndAgentsContract;
import org.junit.jupiter.api.BeforeAll;

class PostgresAccountsAndAgentsContractTest extends AccountsAndAgentsContract {

    @BeforeAll
    static void cleanDatabase() {
        TestDatabase.shared();
        TestDatabase.truncate();
    }

    /** The shared database emptied (tests run one after another and each makes its own rows). */
    @Override
    protected Stores emptyStores() {
        TestDatabase.truncate();
        return TestDatabase.shared().stores();
    }

    @Override
    protected Stores stores() {
        return TestDatabase.shared().stores();
    }
}
