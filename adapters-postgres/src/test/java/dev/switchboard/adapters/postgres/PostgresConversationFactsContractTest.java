package dev.switchboard.adapters.postgres;

import dev.switchboard.core.store.Stores;
import dev.switchboard.testkit.store.ConversationFactsContract;

class PostgresConversationFactsContractTest extends ConversationFactsContract {

    @Override
    protected Stores stores() {
        return TestDatabase.shared().stores();
    }
}
