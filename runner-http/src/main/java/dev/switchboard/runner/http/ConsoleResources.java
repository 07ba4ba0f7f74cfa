package dev.switchboard.runner.http;

import static dev.switchboard.runner.http.Params.intParam;
import static dev.switchboard.runner.http.Params.user;

import dev.switchboard.core.channel.ChannelDescriptor;
import dev.switchboard.core.channel.RegistrationField;
import dev.switchboard.core.domain.CreditEntry;
import dev.switchboard.core.engine.Switchboard;
import io.javalin.Javalin;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a console needs besides the resources: the tenant list (admin), a tenant's credit ledger,
 * and the channel types this server registers with the fields an account of each needs.
 */
final class ConsoleResources {
    private ConsoleResources() {}

    static void install(Javalin app, Switchboard engine) {
        var tenants = engine.tenants();
        var credits = engine.credits();
        app.get("/users", ctx -> {
            int limit = intParam(ctx, "limit", 50);
            int offset = intParam(ctx, "offset", 0);
            ctx.json(Map.of("users", JsonViews.list(tenants.list(limit, offset), JsonViews::tenant), "limit", limit, "offset", offset));
        });
        app.get("/users/{user_id}/credits/ledger", ctx -> {
            int limit = intParam(ctx, "limit", 50);
            int offset = intParam(ctx, "offset", 0);
            ctx.json(Map.of("user_id", user(ctx), "entries",
                    JsonViews.list(credits.ledger(user(ctx), limit, offset), ConsoleResources::entry), "limit", limit, "offset", offset));
        });
        List<Map<String, Object>> types = engine.channels().descriptors().stream().map(d -> channelType(engine, d)).toList();
        app.get("/channel_types", ctx -> ctx.json(Map.of("channel_types", types)));
    }

    private static Map<String, Object> channelType(Switchboard engine, ChannelDescriptor d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", d.type());
        m.put("provider", d.provider());
        m.put("default_provider", d.provider().equals(engine.channels().defaultProvider(d.type()).orElse(null)));
        m.put("fields", d.registrationFields().stream().map(ConsoleResources::field).toList());
        return m;
    }

    private static Map<String, Object> field(RegistrationField f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", WireNames.of(f.name()));
        m.put("required", f.required());
        m.put("description", f.description());
        m.put("setting", f.setting());
        return m;
    }

    static Map<String, Object> entry(CreditEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("entry_id", e.id());
        m.put("kind", e.kind());
        m.put("delta", e.delta());
        m.put("balance_after", e.balanceAfter());
        m.put("reference", e.reference());
        m.put("usage", e.usage() == null ? null : Map.of("input_tokens", e.usage().inputTokens(),
                "output_tokens", e.usage().outputTokens(), "total_tokens", e.usage().totalTokens()));
        m.put("created_at", e.createdAt());
        return m;
    }
}
