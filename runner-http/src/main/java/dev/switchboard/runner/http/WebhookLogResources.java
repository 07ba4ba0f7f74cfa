package dev.switchboard.runner.http;

import static dev.switchboard.runner.http.Params.intParam;
import static dev.switchboard.runner.http.Params.user;

import dev.switchboard.core.domain.WebhookLogEntry;
import dev.switchboard.core.engine.Switchboard;
import dev.switchboard.core.store.WebhookLogQuery;
import dev.switchboard.core.support.InvalidInputException;
import dev.switchboard.core.usecase.WebhookLogs;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seed 000's webhook log: {@code GET /users/{user_id}/webhook_logs} (a tenant's deliveries) and
 * {@code GET /webhook_logs} (admin key only: authenticated deliveries that matched no tenant), both
 * newest first, filtered by {@code channel} (the channel type), {@code provider}, {@code success}.
 */
final class WebhookLogResources {
    private WebhookLogResources() {}

    static void install(Javalin app, Switchboard engine) {
        WebhookLogs logs = new WebhookLogs(engine.stores().webhookLog(), engine.tenants());
        app.get("/users/{user_id}/webhook_logs", ctx -> {
            int limit = limit(ctx), offset = intParam(ctx, "offset", 0);
            answer(ctx, logs.list(user(ctx), filter(ctx, "channel"), filter(ctx, "provider"), success(ctx), limit, offset), limit, offset);
        });
        app.get("/webhook_logs", ctx -> {
            int limit = limit(ctx), offset = intParam(ctx, "offset", 0);
            answer(ctx, logs.unmatched(filter(ctx, "channel"), filter(ctx, "provider"), success(ctx), limit, offset), limit, offset);
        });
    }

    private static void answer(Context ctx, List<WebhookLogEntry> entries, int limit, int offset) {
        ctx.json(Map.of("webhook_logs", JsonViews.list(entries, WebhookLogResources::view), "limit", limit, "offset", offset));
    }

    static Map<String, Object> view(WebhookLogEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("log_id", e.id());
        m.put("user_id", e.tenantId());
        m.put("channel", e.channel());
        m.put("provider", e.provider());
        m.put("event_type", e.eventType());
        m.put("success", e.success());
        m.put("error", e.error());
        m.put("payload", e.payload());
        m.put("received_at", e.processedAt());
        return m;
    }

    private static int limit(Context ctx) {
        int limit = intParam(ctx, "limit", 50);
        if (limit < 1 || limit > WebhookLogQuery.MAX_LIMIT) {
            throw new InvalidInputException("limit", "must be between 1 and " + WebhookLogQuery.MAX_LIMIT);
        }
        return limit;
    }

    private static String filter(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return null;
        if (v.length() > 64) throw new InvalidInputException(name, "is at most 64 characters");
        return v.strip();
    }

    private static Boolean success(Context ctx) {
        String v = ctx.queryParam("success");
        if (v == null || v.isBlank()) return null;
        return switch (v.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidInputException("success", "must be true or false");
        };
    }
}
