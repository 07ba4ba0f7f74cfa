package dev.switchboard.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A tenant's API key as stored: never the secret, only its SHA-256 in lower-case hex
 * ({@code hash}). {@code revokedAt} is null while the key is active.
 */
public record ApiKey(String id, String tenantId, String name, String hash, Instant createdAt, Instant revokedAt) {
    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean active() {
        return revokedAt == null;
    }
}
