package dev.switchboard.runner.http;

import static dev.switchboard.runner.http.Params.user;

import dev.switchboard.core.engine.Switchboard;
import io.javalin.Javalin;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /users} (seed 001's name for tenants) and their credits. */
final class TenantResources {
    private TenantResources() {}

    static void install(Javalin app, Switchboard engine) {
        var tenants = engine.tenants();
        var credits = engine.credits();
        app.post("/users", ctx -> ctx.status(201).json(JsonViews.tenant(tenants.create(AdminRequests.createTenant(WireBody.of(ctx))))));
        app.get("/users/{user_id}", ctx -> ctx.json(JsonViews.tenant(tenants.get(user(ctx)))));
        app.get("/users/{user_id}/credits", ctx -> ctx.json(balance(engine, user(ctx), credits.balance(user(ctx)))));
        app.post("/users/{user_id}/credits",
                ctx -> ctx.json(balance(engine, user(ctx), credits.add(user(ctx), AdminRequests.addCredits(WireBody.of(ctx))))));
    }

    /** Seed 001's credits row: the balance and when it last changed (the newest ledger row, else the tenant's creation). */
    private static Map<String, Object> balance(Switchboard engine, String user, long remaining) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user_id", user);
        m.put("remaining_credits", remaining);
        m.put("last_updated", engine.credits().ledger(user, 1, 0).stream().findFirst().map(e -> e.createdAt())
                .orElseGet(() -> engine.tenants().get(user).createdAt()));
        return m;
    }
}
