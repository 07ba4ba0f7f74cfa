package dev.switchboard.adapters.postgres;

import dev.switchboard.core.store.Stores;
import dev.switchboard.testkit.store.InboxQueriesContract;

class PostgresInboxQueriesContractTest extends InboxQueriesContract {

    @Override
    protected Stores stores() {
        return TestDatabase.shared().stores();
    }
}
