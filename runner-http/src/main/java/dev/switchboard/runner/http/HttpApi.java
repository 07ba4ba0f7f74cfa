package dev.switchboard.runner.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.switchboard.core.engine.Switchboard;
import dev.switchboard.runner.common.Metrics;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bundled server's HTTP surface, assembled: middleware ({@link Middleware}), the webhook
 * routes the channels declare ({@link WebhookRoutes}), seed 001's admin API behind the API key (one
 * class per resource family, wire mapping in {@link AdminRequests} and {@link JsonViews}), health
 * and Prometheus metrics, and the one mapping of errors to statuses ({@link ErrorMapping}).
 * Handlers only translate HTTP to engine calls; the rules live in core. Health and metrics need no
 * key, like a load balancer's probe, so a scraper never holds the admin secret: they show
 * aggregate counts only, no tenant's data.
 */
public final class HttpApi {
    // a buffer pool shared across threads: Jackson's default is per thread, and virtual threads never reuse it
    static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.newConcurrentDequePool()).build())
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** The paths behind an API key (admin or tenant). */
    static final String[] PROTECTED = {"/users", "/users/*", "/me", "/channel_types", "/send", "/webhook_logs"};

    private HttpApi() {}

    /** A health probe the server reports: the name and whether it is up. */
    public record Probe(String name, String mode, java.util.function.BooleanSupplier up) {}

    /**
     * @param limit the API's rate limit, or null for none
     * @param keys tenants' API keys
     * @param feeds the tenants' live event feeds, which also wake the web chat's visitor streams
     */
    static Javalin create(Switchboard engine, ServerConfig config, List<Probe> probes, Metrics metrics, ApiRateLimit limit,
                          TenantKeys keys, LiveEventFeeds feeds) {
        Javalin app = Javalin.create(c -> {
            c.useVirtualThreads = true;
            c.showJavalinBanner = false;
            c.http.maxRequestSize = BodyLimit.MAX_BYTES;
            // every body read through a hard cap, chunked or not (maxRequestSize checks Content-Length only)
            c.jetty.modifyServletContextHandler(h -> h.addFilter(new org.eclipse.jetty.servlet.FilterHolder(new BodyLimit(BodyLimit.MAX_BYTES)),
                    "/*", java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST)));
            c.jsonMapper(new JavalinJackson(JSON, true));
        });
        Middleware.timeRequests(app, metrics.registry());
        Middleware.correlate(app, config.correlationIdHeader());
        Middleware.protect(app, PROTECTED, limit, config.apiKeyHeader(), config.adminApiKey(), keys);

        app.get("/health", ctx -> health(ctx, probes));
        app.get("/metrics", ctx -> ctx.contentType(Metrics.CONTENT_TYPE).result(metrics.scrape()));
        WebhookRoutes.install(app, engine, config.deferredIngest());
        TenantResources.install(app, engine);
        AccountResources.install(app, engine);
        AgentResources.install(app, engine);
        ConversationResources.install(app, engine);
        ContactResources.install(app, engine);
        // visitor protocol, widget.js, the page at /; visitor streams wake on the tenant's live event feed
        dev.switchboard.runner.http.webchat.WebchatRoutes.register(app, engine, (tenant, wake) -> feeds.wakeOnNewMessages(tenant, wake)::run);
        ConsoleRoutes.register(app, config.apiKeyHeader()); // the operator console at /console
        ApiKeyResources.install(app, engine, keys);
        ConsoleResources.install(app, engine);
        MessageResources.install(app, engine);
        WebhookLogResources.install(app, engine);
        OpenApi.install(app, config.apiKeyHeader()); // /openapi.json and Swagger UI at /docs
        ErrorMapping.install(app);
        return app;
    }

    private static void health(Context ctx, List<Probe> probes) {
        Map<String, Object> body = new LinkedHashMap<>();
        boolean allUp = true;
        body.put("status", "ok");
        body.put("platform", "connected"); // seed 002: the channel API server is up and serving its platforms' webhooks
        for (Probe p : probes) {
            boolean up;
            try {
                up = p.up().getAsBoolean();
            } catch (RuntimeException e) {
                up = false;
            }
            allUp &= up;
            body.put(p.name(), up ? (p.mode() == null ? "up" : p.mode()) : "down");
        }
        if (!allUp) body.put("status", "degraded");
        ctx.status(allUp ? 200 : 503).json(body);
    }
}
