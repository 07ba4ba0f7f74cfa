package dev.switchboard.core.memory;

import dev.switchboard.core.store.ApiKey;
import dev.switchboard.core.store.ApiKeyStore;
import dev.switchboard.core.support.ConflictException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link ApiKeyStore} in memory. */
public final class InMemoryApiKeyStore implements ApiKeyStore {
    private final Guard guard;
    private final Map<String, ApiKey> byId = new LinkedHashMap<>();

    /** A store of its own (the engine's in-memory stores keep theirs apart from the keys). */
    public InMemoryApiKeyStore() {
        this(new Guard());
    }

    InMemoryApiKeyStore(Guard guard) {
        this.guard = guard;
    }

    @Override
    public ApiKey create(ApiKey key) {
        return guard.locked(() -> {
            if (byId.containsKey(key.id()) || byId.values().stream().anyMatch(k -> k.hash().equals(key.hash()))) {
                throw new ConflictException("api key exists: " + key.id());
            }
            byId.put(key.id(), key);
            return key;
        });
    }

    @Override
    public Optional<ApiKey> findByHash(String hash) {
        return guard.locked(() -> byId.values().stream().filter(k -> k.active() && k.hash().equals(hash)).findFirst());
    }

    @Override
    public List<ApiKey> list(String tenantId) {
        return guard.locked(() -> byId.values().stream().filter(k -> k.tenantId().equals(tenantId)).toList());
    }

    @Override
    public boolean revoke(String tenantId, String keyId, Instant at) {
        return guard.locked(() -> {
            ApiKey k = byId.get(keyId);
            if (k == null || !k.tenantId().equals(tenantId) || !k.active()) return false;
            byId.put(keyId, new ApiKey(k.id(), k.tenantId(), k.name(), k.hash(), k.createdAt(), at));
            return true;
        });
    }
}
