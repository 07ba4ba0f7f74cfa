package dev.switchboard.adapters.sqlite;

import dev.switchboard.core.store.Stores;
import dev.switchboard.testkit.store.ConversationStoreContract;

class SqliteConversationStoreContractTest extends ConversationStoreContract {

    @Override
    protected Stores stores() {
        return TestDatabase.shared().stores();
    }
}
