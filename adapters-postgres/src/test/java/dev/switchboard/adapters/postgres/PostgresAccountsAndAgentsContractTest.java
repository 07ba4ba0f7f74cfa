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

    @Override
    protected Stores stores() {
        return TestDatabase.shared().stores();
    }
}
