package dev.switchboard.adapters.sqlite;

import dev.switchboard.core.store.Stores;
import dev.switchboard.testkit.store.ExtractionStoreContract;

class SqliteExtractionStoreContractTest extends ExtractionStoreContract {

    @Override
    protected Stores stores() {
        return TestDatabase.shared().stores();
    }
}
