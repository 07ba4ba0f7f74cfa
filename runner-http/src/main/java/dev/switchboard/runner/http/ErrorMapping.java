package dev.switchboard.runner.http;

import dev.switchboard.core.support.ConflictException;
import dev.switchboard.core.support.InvalidInputException;
import dev.switchboard.core.support.LogSafe;
import dev.switchboard.core.support.NotFoundException;
import dev.switchboard.core.support.UpstreamException;
import io.javalin.Javalin;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exceptions as HTTP answers, in one place: bad input 400 (naming the field by its wire name),
 * no key 401, a tenant key on an admin-only route 403, not found 404, conflict 409, rate limited 429, a provider's failure 502, anything
 * else 500 (logged, never shown).
 */
final class ErrorMapping {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

    private ErrorMapping() {}

    static void install(Javalin app) {
        app.exception(Middleware.Unauthorized.class, (e, ctx) -> ctx.status(401).json(Map.of("error", e.getMessage())));
        app.exception(Middleware.Forbidden.class, (e, ctx) -> ctx.status(403).json(Map.of("error", e.getMessage())));
        app.exception(Middleware.TooManyRequests.class, (e, ctx) -> ctx.status(429).json(Map.of("error", e.getMessage())));
        app.exception(InvalidInputException.class, (e, ctx) -> {
            Map<String, Object> body = invalidInput(e);
            LOG.info("400 {} {} [{}]: {}", ctx.method(), LogSafe.of(ctx.path(), 200), Middleware.cid(ctx), LogSafe.of((String) body.get("error"), 300));
            ctx.status(400).json(body);
        });
        app.exception(NotFoundException.class, (e, ctx) -> ctx.status(404).json(Map.of("error", capped(e.getMessage()))));
        app.exception(ConflictException.class, (e, ctx) -> ctx.status(409).json(Map.of("error", capped(e.getMessage()))));
        app.exception(io.javalin.http.HttpResponseException.class, (e, ctx) ->
                ctx.status(e.getStatus()).json(Map.of("error", e.getStatus() == 413 ? "request body too large" : "bad request")));
        app.exception(UpstreamException.class, (e, ctx) -> {
            String cid = Middleware.cid(ctx);
            LOG.warn("502 {} {} [{}]: upstream failed: {}", ctx.method(), LogSafe.of(ctx.path(), 200), cid, LogSafe.of(e.getMessage(), 300));
            ctx.status(502).json(upstreamFailed(cid));
        });
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("500 {} {} [{}]", ctx.method(), LogSafe.of(ctx.path(), 200), Middleware.cid(ctx), e);
            ctx.status(500).json(Map.of("error", "internal error"));
        });
    }

    /** The provider's failure is logged, never shown: the caller gets the correlation id to quote. */
    static Map<String, Object> upstreamFailed(String correlationId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "an upstream provider failed; quote the correlation id when reporting it");
        if (correlationId != null) body.put("correlation_id", correlationId);
        return body;
    }

    /** {@code {"error": "external_number: not a phone number…", "field": "external_number"}}. */
    static Map<String, Object> invalidInput(InvalidInputException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        String field = WireNames.of(e.field());
        body.put("error", capped(field == null ? e.getMessage() : field + ": " + e.reason()));
        if (field != null) body.put("field", capped(field));
        return body;
    }

    /** A caller's value is never echoed whole: at most 300 characters of a message come back. */
    static String capped(String message) {
        if (message == null || message.length() <= 300) return message;
        return message.substring(0, 300) + "…";
    }
}
