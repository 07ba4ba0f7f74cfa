package dev.switchboard.runner.http;

import static dev.switchboard.runner.http.Params.user;

import dev.switchboard.core.engine.Switchboard;
import dev.switchboard.core.store.ApiKey;
import dev.switchboard.core.support.InvalidInputException;
import dev.switchboard.core.support.NotFoundException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /users/{user_id}/api_keys} (admin key only, see {@link Middleware#adminOnly}) and
 * {@code GET /me}, which tells any caller who it is.
 */
final class ApiKeyResources {
    private static final int MAX_NAME = 100;

    private ApiKeyResources() {}

    static void install(Javalin app, Switchboard engine, TenantKeys keys) {
        var tenants = engine.tenants();
        app.post("/users/{user_id}/api_keys", ctx -> {
            tenants.get(user(ctx)); // 404 for an unknown user
            String name = WireBody.of(ctx).text("name");
            if (name == null || name.isBlank()) throw new InvalidInputException("name", "is required");
            if (name.length() > MAX_NAME) throw new InvalidInputException("name", "at most " + MAX_NAME + " characters");
            TenantKeys.Issued issued = keys.issue(user(ctx), name.strip());
            Map<String, Object> body = view(issued.key());
            body.put("api_key", issued.secret());
            ctx.status(201).json(body);
        });
        app.get("/users/{user_id}/api_keys", ctx -> {
            tenants.get(user(ctx));
            ctx.json(Map.of("user_id", user(ctx), "api_keys", keys.list(user(ctx)).stream().map(ApiKeyResources::view).toList()));
        });
        app.delete("/users/{user_id}/api_keys/{key_id}", ctx -> {
            if (!keys.revoke(user(ctx), ctx.pathParam("key_id"))) throw new NotFoundException("api key", ctx.pathParam("key_id"));
            ctx.status(204);
        });
        app.get("/me", ApiKeyResources::me);
    }

    private static void me(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        switch (Middleware.caller(ctx)) {
            case Caller.Admin a -> {
                body.put("role", "admin");
                body.put("user_id", null);
                body.put("key_id", null);
                body.put("name", "admin");
            }
            case Caller.Tenant t -> {
                body.put("role", "tenant");
                body.put("user_id", t.userId());
                body.put("key_id", t.keyId());
                body.put("name", t.name());
            }
        }
        ctx.json(body);
    }

    static Map<String, Object> view(ApiKey k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key_id", k.id());
        m.put("user_id", k.tenantId());
        m.put("name", k.name());
        m.put("created_at", k.createdAt());
        m.put("revoked_at", k.revokedAt());
        return m;
    }
}
