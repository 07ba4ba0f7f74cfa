package dev.switchboard.runner.http;

import dev.switchboard.core.store.ApiKey;
import dev.switchboard.core.store.ApiKeyStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tenants' API keys: made random ({@code sk_} + 32 random bytes, base64url), stored only as their
 * SHA-256, and looked up by that hash through a small per-node cache. A cached answer lives at most
 * {@link #TTL_NANOS} (500 ms), so a key revoked on another node stops working within that; a revoke
 * on this node clears the cache at once.
 */
final class TenantKeys {
    static final long TTL_NANOS = 500_000_000L;
    private static final int MAX_CACHED = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiKeyStore store;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Optional<ApiKey> key, long expiresAt) {}

    /** A key just made: the record as stored and the secret, shown to the caller once. */
    record Issued(ApiKey key, String secret) {}

    TenantKeys(ApiKeyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    Issued issue(String tenantId, String name) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = "sk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String id = "key_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        ApiKey key = store.create(new ApiKey(id, tenantId, name, sha256(secret), clock.instant(), null));
        return new Issued(key, secret);
    }

    List<ApiKey> list(String tenantId) {
        return store.list(tenantId);
    }

    boolean revoke(String tenantId, String keyId) {
        boolean revoked = store.revoke(tenantId, keyId, clock.instant());
        cache.clear(); // this node: at once, before the DELETE answers
        return revoked;
    }

    /** The active key with this secret, if any (cached for at most 500 ms). */
    Optional<ApiKey> find(String secret) {
        String hash = sha256(secret);
        long now = System.nanoTime();
        Cached c = cache.get(hash);
        if (c != null && now - c.expiresAt() < 0) return c.key();
        Optional<ApiKey> key = store.findByHash(hash);
        if (cache.size() >= MAX_CACHED) cache.clear(); // a flood of wrong keys cannot grow it without bound
        cache.put(hash, new Cached(key, now + TTL_NANOS));
        return key;
    }

    static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
