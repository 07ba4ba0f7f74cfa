package dev.switchboard.runner.http;

/**
 * Who a request to the API comes from, decided once by {@link Middleware#protect}: the admin key
 * (every tenant) or one tenant's key (its own {@code /users/{user_id}/**} only).
 */
sealed interface Caller {
    String ATTRIBUTE = "switchboard.caller";

    /** The deployment's ADMIN_API_KEY. */
    record Admin() implements Caller {}

    /** A key made with {@code POST /users/{user_id}/api_keys}. */
    record Tenant(String userId, String keyId, String name) implements Caller {}
}
