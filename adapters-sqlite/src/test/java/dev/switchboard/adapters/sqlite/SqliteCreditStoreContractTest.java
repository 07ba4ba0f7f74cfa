package dev.switchboard.adapters.sqlite;

import dev.switchboard.core.store.Stores;
import dev.switchboard.testkit.store.CreditStoreContract;

class SqliteCreditStoreContractTest extends CreditStoreContract {

    @Override
    protected Stores stores() {
        return TestDatabase.shared().stores();
    }
}
