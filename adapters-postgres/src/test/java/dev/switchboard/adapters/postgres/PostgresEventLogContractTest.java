package dev.switchboard.adapters.postgres;

import dev.switchboard.core.store.EventLog;
import dev.switchboard.testkit.store.EventLogContract;

class PostgresEventLogContractTest extends EventLogContract {

    @Override
    protected EventLog log(int retained) {
        return TestDatabase.shared().events(retained);
    }
}
