package dev.switchboard.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Tenants' API keys, kept as hashes only. The secret itself never reaches the store: callers hash
 * it (SHA-256, hex) before {@link #create} and before {@link #findByHash}.
 */
public interface ApiKeyStore {
    /**
     * Stores a new key; the caller has checked that the tenant exists.
     *
     * @throws dev.switchboard.core.support.ConflictException when the id or the hash exists
     */
    ApiKey create(ApiKey key);

    /** The active (not revoked) key with this hash, if any. */
    Optional<ApiKey> findByHash(String hash);

    /** The tenant's keys, revoked ones included, oldest first. */
    List<ApiKey> list(String tenantId);

    /**
     * Revokes the tenant's key at {@code at}; from then on {@link #findByHash} no longer finds it.
     *
     * @return false when the tenant has no such key or it was already revoked
     */
    boolean revoke(String tenantId, String keyId, Instant at);
}
