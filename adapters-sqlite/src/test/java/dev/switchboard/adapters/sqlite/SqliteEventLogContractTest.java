package dev.switchboard.adapters.sqlite;

import dev.switchboard.core.store.EventLog;
import dev.switchboard.testkit.store.EventLogContract;

class SqliteEventLogContractTest extends EventLogContract {

    @Override
    protected EventLog log(int retained) {
        return TestDatabase.shared().events(retained);
    }
}
