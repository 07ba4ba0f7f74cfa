package dev.switchboard.adapters.sqlite;

import dev.switchboard.core.store.Stores;
import dev.switchboard.testkit.store.ConversationFactsContract;

class SqliteConversationFactsContractTest extends ConversationFactsContract {

    @Override
    protected Stores stores() {
        return TestDatabase.shared().stores();
    }
}
