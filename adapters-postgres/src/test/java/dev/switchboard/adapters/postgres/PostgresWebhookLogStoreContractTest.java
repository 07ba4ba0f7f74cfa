package dev.switchboard.adapters.postgres;

import dev.switchboard.core.store.Stores;
import dev.switchboard.testkit.store.WebhookLogStoreContract;

class PostgresWebhookLogStoreContractTest extends WebhookLogStoreContract {

    @Override
    protected Stores stores() {
        return TestDatabase.shared().stores();
    }
}
