package dev.switchboard.adapters.sqlite;

import dev.switchboard.core.store.Stores;
import dev.switchboard.testkit.store.AccountsAndAgentsContract;

class SqliteAccountsAndAgentsContractTest extends AccountsAndAgentsContract {

    @Override
    protected Stores emptyStores() {
        return SqliteStores.start(SqliteConfig.of(TestDatabase.freshFile())).stores();
    }

    @Override
    protected Stores stores() {
        return TestDatabase.shared().stores();
    }
}
