package dev.switchboard.adapters.postgres;

import dev.switchboard.core.store.ApiKeyStore;
import dev.switchboard.core.store.Stores;
import dev.switchboard.testkit.store.ApiKeyStoreContract;

class PostgresApiKeyStoreContractTest extends ApiKeyStoreContract {

    @Override
    protected Stores stores() {
        return TestDatabase.shared().stores();
    }

    @Override
    protected ApiKeyStore apiKeys() {
        return TestDatabase.shared().apiKeys();
    }
}
