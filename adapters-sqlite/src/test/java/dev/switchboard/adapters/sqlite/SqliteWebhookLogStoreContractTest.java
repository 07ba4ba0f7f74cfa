package dev.switchboard.adapters.sqlite;

import dev.switchboard.core.store.Stores;
import dev.switchboard.testkit.store.WebhookLogStoreContract;

class SqliteWebhookLogStoreContractTest extends WebhookLogStoreContract {

    @Override
    protected Stores stores() {
        return TestDatabase.shared().stores();
    }
}
