package dev.switchboard.adapters.sqlite;

import dev.switchboard.core.store.Stores;
import dev.switchboard.testkit.store.InboxQueriesContract;

class SqliteInboxQueriesContractTest extends InboxQueriesContract {

    @Override
    protected Stores stores() {
        return TestDatabase.shared().stores();
    }
}
