package dev.switchboard.runner.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import dev.switchboard.core.support.NotFoundException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** What runs around every handler: request timing, correlation ids, the API's rate limit and keys. */
final class Middleware {
    private static final String STARTED = "switchboard.started";
    private static final String CORRELATION_ID = "switchboard.correlation_id";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private Middleware() {}

    /**
     * {@code http_server_requests_seconds{method, uri, status}}: every request's time, by the route
     * template that matched ({@code /users/{user_id}}, never the ids), so the series stay few;
     * {@code unmatched} for paths no route serves.
     */
    static void timeRequests(Javalin app, MeterRegistry registry) {
        app.before(ctx -> ctx.attribute(STARTED, System.nanoTime()));
        app.after(ctx -> {
            Long t0 = ctx.attribute(STARTED);
            if (t0 == null) return;
            String uri;
            try {
                uri = ctx.endpointHandlerPath();
            } catch (RuntimeException e) {
                uri = "unmatched";
            }
            // no route matched: Javalin names that in prose; a request refused by a before-handler
            // (no key, rate limit) keeps that handler's pattern, such as /users/*
            if (uri == null || !uri.startsWith("/")) uri = "unmatched";
            Timer.builder("http.server.requests").description("HTTP requests the server answered")
                    .tag("method", ctx.method().name()).tag("uri", uri).tag("status", Integer.toString(ctx.statusCode()))
                    .register(registry).record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        });
    }

    /**
     * CORRELATION_ID_HEADER: every response carries the request's correlation id (the caller's, when
     * it is a plain token of at most 128 characters; a new one otherwise, so nothing a caller sends
     * can forge a log line), and the server's log lines about the request name it.
     */
    static void correlate(Javalin app, String header) {
        app.before(ctx -> {
            String given = ctx.header(header);
            String id = given != null && SAFE_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
            ctx.attribute(CORRELATION_ID, id);
            ctx.header(header, id);
        });
    }

    /** The request's correlation id, for log lines. */
    static String cid(Context ctx) {
        String id = ctx.attribute(CORRELATION_ID);
        return id == null ? "-" : id;
    }

    /**
     * The API behind {@code paths}: rate limited first (so guessing a key is limited too), then the
     * key in {@code keyHeader}: the admin key opens everything; a tenant key ({@link TenantKeys})
     * opens only {@code /users/{its user_id}/**} (another tenant's paths answer 404, as if absent)
     * and never the admin-only routes ({@link #adminOnly}: 403). The caller is kept on the request
     * as {@link Caller#ATTRIBUTE}.
     */
    static void protect(Javalin app, String[] paths, ApiRateLimit limit, String keyHeader, String adminKey, TenantKeys keys) {
        byte[] key = adminKey.getBytes(StandardCharsets.UTF_8);
        for (String path : paths) {
            if (limit != null) app.before(path, ctx -> limit(ctx, limit));
            app.before(path, ctx -> authorize(ctx, authenticate(ctx, keyHeader, key, keys)));
        }
    }

    /** The caller the request names, from its key. */
    static Caller caller(Context ctx) {
        Caller c = ctx.attribute(Caller.ATTRIBUTE);
        if (c == null) throw new Unauthorized("missing API key");
        return c;
    }

    private static Caller authenticate(Context ctx, String header, byte[] adminKey, TenantKeys keys) {
        String given = ctx.header(header);
        if (given == null || given.isEmpty()) throw new Unauthorized("missing or wrong API key in header " + header);
        if (MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), adminKey)) {
            Caller admin = new Caller.Admin();
            ctx.attribute(Caller.ATTRIBUTE, admin);
            return admin;
        }
        Caller tenant = keys.find(given).map(k -> (Caller) new Caller.Tenant(k.tenantId(), k.id(), k.name()))
                .orElseThrow(() -> new Unauthorized("missing or wrong API key in header " + header));
        ctx.attribute(Caller.ATTRIBUTE, tenant);
        return tenant;
    }

    private static void authorize(Context ctx, Caller caller) {
        if (!(caller instanceof Caller.Tenant t)) return;
        List<String> segments = segments(ctx.path());
        if (segments.size() >= 2 && segments.get(0).equals("users") && !segments.get(1).equals(t.userId())) {
            throw new NotFoundException("user", segments.get(1));
        }
        if (adminOnly(ctx.method().name(), segments)) throw new Forbidden("this route needs the admin key");
    }

    /**
     * What a tenant key may never do: create or list tenants, manage API keys, top up credits, read the
     * webhook log of deliveries that matched no tenant.
     */
    static boolean adminOnly(String method, List<String> segments) {
        if (segments.size() == 1 && segments.get(0).equals("users")) return true; // POST /users, GET /users
        if (segments.size() == 1 && segments.get(0).equals("webhook_logs")) return true; // deliveries no tenant owns
        if (segments.size() >= 3 && segments.get(0).equals("users")) {
            if (segments.get(2).equals("api_keys")) return true;
            return segments.size() == 3 && segments.get(2).equals("credits") && method.equals("POST");
        }
        return false;
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) if (!s.isEmpty()) out.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
        return out;
    }

    private static void limit(Context ctx, ApiRateLimit limit) {
        ApiRateLimit.Decision d = limit.take(ctx.ip());
        ctx.header("X-RateLimit-Limit", Long.toString(limit.perMinute));
        if (d.remaining() >= 0) ctx.header("X-RateLimit-Remaining", Long.toString(d.remaining()));
        if (!d.allowed()) {
            long seconds = Math.max(1, (d.retryAfter().toMillis() + 999) / 1000);
            ctx.header("Retry-After", Long.toString(seconds));
            throw new TooManyRequests("rate limit exceeded: " + limit.perMinute + " requests a minute (API_RATE_LIMIT); retry in " + seconds + " s");
        }
    }

    static final class Forbidden extends RuntimeException {
        Forbidden(String message) {
            super(message, null, false, false);
        }
    }

    static final class Unauthorized extends RuntimeException {
        Unauthorized(String message) {
            super(message);
        }
    }

    static final class TooManyRequests extends RuntimeException {
        TooManyRequests(String message) {
            super(message, null, false, false);
        }
    }
}
