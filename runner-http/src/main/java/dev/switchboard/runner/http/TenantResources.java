package dev.switchboard.runner.http;

import static dev.switchboard.runner.http.Params.user;

import dev.switchboard.core.engine.Switchboard;
import io.javalin.Javalin;
import java.util.Map;

/** {@code /users} (seed 001's name for tenants) and their credits. */
final class TenantResources {
    private TenantResources() {}

    static void install(Javalin app, Switchboard engine) {
        var tenants = engine.tenants();
        var credits = engine.credits();
        app.post("/users", ctx -> ctx.status(201).json(JsonViews.tenant(tenants.create(AdminRequests.createTenant(WireBody.of(ctx))))));
        app.get("/users/{user_id}", ctx -> ctx.json(JsonViews.tenant(tenants.get(user(ctx)))));
        app.get("/users/{user_id}/credits", ctx -> ctx.json(balance(user(ctx), credits.balance(user(ctx)))));
        app.post("/users/{user_id}/credits",
                ctx -> ctx.json(balance(user(ctx), credits.add(user(ctx), AdminRequests.addCredits(WireBody.of(ctx))))));
    }

    private static Map<String, Object> balance(String user, long remaining) {
        return Map.of("user_id", user, "remaining_credits", remaining);
    }
}
