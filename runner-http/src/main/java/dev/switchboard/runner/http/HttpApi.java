package dev.switchboard.runner.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.domain.ConversationStatus;
import dev.switchboard.core.engine.IngestResult;
import dev.switchboard.core.engine.Switchboard;
import dev.switchboard.core.store.ConversationQuery;
import dev.switchboard.core.store.MessageQuery;
import dev.switchboard.core.support.ConflictException;
import dev.switchboard.core.support.InvalidInputException;
import dev.switchboard.core.support.NotFoundException;
import dev.switchboard.runner.common.Metrics;
import io.javalin.Javalin;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bundled server's HTTP surface: provider webhooks, seed 001's admin API behind the API key,
 * health and Prometheus metrics. Handlers only translate HTTP to engine calls; the rules live in core.
 * Health and metrics need no key, like a load balancer's probe, so a scraper never holds the admin
 * secret: they show aggregate counts only, no tenant's data.
 */
public final class HttpApi {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

    /** Webhook route name → (channel, provider). Only channels the engine registered are served. */
    private static final Map<String, String[]> WEBHOOK_ROUTES = Map.of(
            "whatsapp", new String[] {"whatsapp", "cloud"},
            "evolution", new String[] {"whatsapp", "evolution"},
            "instagram", new String[] {"instagram", "graph"});

    private HttpApi() {}

    /** A health probe the server reports: the name and whether it is up. */
    public record Probe(String name, String mode, java.util.function.BooleanSupplier up) {}

    public static Javalin create(Switchboard engine, ServerConfig config, List<Probe> probes, Metrics metrics) {
        return create(engine, config, probes, metrics, ApiRateLimit.create(config.apiRateLimit(), null));
    }

    /** @param limit the admin API's rate limit, or null for none */
    static Javalin create(Switchboard engine, ServerConfig config, List<Probe> probes, Metrics metrics, ApiRateLimit limit) {
        Javalin app = Javalin.create(c -> {
            c.useVirtualThreads = true;
            c.showJavalinBanner = false;
            c.http.maxRequestSize = 4_000_000L; // Meta sends up to 3 MB
            c.jsonMapper(new JavalinJackson(JSON, true));
        });
        timeRequests(app, metrics.registry());
        correlate(app, config.correlationIdHeader());
        byte[] adminKey = config.adminApiKey().getBytes(StandardCharsets.UTF_8);
        // the limit comes first, so guessing the key is limited too
        for (String path : new String[] {"/users", "/users/*"}) {
            if (limit != null) app.before(path, ctx -> limit(ctx, limit));
            app.before(path, ctx -> requireKey(ctx, config.apiKeyHeader(), adminKey));
        }

        app.get("/health", ctx -> health(ctx, probes));
        app.get("/metrics", ctx -> ctx.contentType(Metrics.CONTENT_TYPE).result(metrics.scrape()));
        webhooks(app, engine);
        admin(app, engine);
        ConsoleRoutes.register(app, config.apiKeyHeader()); // the operator console at /console
        errors(app);
        return app;
    }

    /**
     * {@code http_server_requests_seconds{method, uri, status}}: every request's time, by the route
     * template that matched ({@code /users/{user_id}}, never the ids), so the series stay few;
     * {@code unmatched} for paths no route serves.
     */
    private static void timeRequests(Javalin app, MeterRegistry registry) {
        String started = "switchboard.started";
        app.before(ctx -> ctx.attribute(started, System.nanoTime()));
        app.after(ctx -> {
            Long t0 = ctx.attribute(started);
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

    private static final String CORRELATION_ID = "switchboard.correlation_id";
    private static final java.util.regex.Pattern SAFE_ID = java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    /**
     * CORRELATION_ID_HEADER: every response carries the request's correlation id (the caller's, when
     * it is a plain token of at most 128 characters; a new one otherwise, so nothing a caller sends
     * can forge a log line), and the server's log lines about the request name it.
     */
    private static void correlate(Javalin app, String header) {
        app.before(ctx -> {
            String given = ctx.header(header);
            String id = given != null && SAFE_ID.matcher(given).matches() ? given : java.util.UUID.randomUUID().toString();
            ctx.attribute(CORRELATION_ID, id);
            ctx.header(header, id);
        });
    }

    private static String cid(Context ctx) {
        String id = ctx.attribute(CORRELATION_ID);
        return id == null ? "-" : id;
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

    private static void requireKey(Context ctx, String header, byte[] key) {
        String given = ctx.header(header);
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), key)) {
            throw new Unauthorized("missing or wrong API key in header " + header);
        }
    }

    private static void health(Context ctx, List<Probe> probes) {
        Map<String, Object> body = new LinkedHashMap<>();
        boolean allUp = true;
        body.put("status", "ok");
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

    private static void webhooks(Javalin app, Switchboard engine) {
        WEBHOOK_ROUTES.forEach((route, key) -> {
            if (engine.channels().find(key[0], key[1]).isEmpty()) return;
            String path = "/webhooks/" + route;
            app.get(path, ctx -> {
                var answer = engine.ingest().handshake(key[0], key[1], request(ctx));
                if (answer.isPresent()) ctx.contentType("text/plain").result(answer.get());
                else ctx.status(403).contentType("text/plain").result("verification failed");
            });
            app.post(path, ctx -> receive(ctx, engine, key[0], key[1]));
        });
        // Seed 001's single Meta endpoint: WhatsApp and Instagram deliveries, routed by their "object".
        app.get("/webhook/meta", ctx -> {
            var answer = engine.ingest().handshake("whatsapp", "cloud", request(ctx));
            if (answer.isPresent()) ctx.contentType("text/plain").result(answer.get());
            else ctx.status(403).contentType("text/plain").result("verification failed");
        });
        app.post("/webhook/meta", ctx -> {
            String object = metaObject(ctx.bodyAsBytes());
            String[] key = switch (object) {
                case "whatsapp_business_account" -> WEBHOOK_ROUTES.get("whatsapp");
                case "instagram" -> WEBHOOK_ROUTES.get("instagram");
                default -> throw new InvalidInputException("object", "expected whatsapp_business_account or instagram, got '" + object + "'");
            };
            receive(ctx, engine, key[0], key[1]);
        });
    }

    /** Reads only the top-level "object" to route a Meta delivery; the channel verifies the signature before parsing events. */
    private static String metaObject(byte[] body) {
        try (var parser = JSON.getFactory().createParser(body)) {
            if (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) return "";
            while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                var value = parser.nextToken();
                if ("object".equals(name) && value == com.fasterxml.jackson.core.JsonToken.VALUE_STRING) return parser.getText();
                parser.skipChildren();
            }
            return "";
        } catch (java.io.IOException e) {
            throw new InvalidInputException("body", "not JSON");
        }
    }

    private static void receive(Context ctx, Switchboard engine, String channel, String provider) {
        IngestResult result;
        try {
            result = engine.ingest().receive(channel, provider, request(ctx));
        } catch (InvalidInputException e) {
            throw e;
        } catch (RuntimeException e) {
            // Nothing of this delivery is safe yet: a 503 makes the provider retry it.
            LOG.error("webhook {} could not be stored; answering 503 so the provider retries [{}]", channel, cid(ctx), e);
            ctx.status(503).json(Map.of("error", "temporarily unable to accept the webhook"));
            return;
        }
        if (!result.accepted()) {
            ctx.status(401).json(Map.of("error", "webhook not authenticated: " + result.rejected()));
            return;
        }
        ctx.json(Map.of("status", "ok", "stored", result.stored(), "duplicates", result.duplicates(),
                "updates", result.updates(), "ignored", result.ignored()));
    }

    private static WebhookRequest request(Context ctx) {
        Map<String, List<String>> headers = ctx.headerMap().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()), (a, b) -> a));
        return new WebhookRequest(headers, ctx.queryParamMap(), ctx.bodyAsBytes());
    }

    private static void admin(Javalin app, Switchboard engine) {
        var admin = engine.admin();
        app.post("/users", ctx -> ctx.status(201).json(JsonViews.tenant(admin.createTenant(body(ctx)))));
        app.get("/users/{user_id}", ctx -> ctx.json(JsonViews.tenant(admin.tenant(user(ctx)))));

        app.get("/users/{user_id}/phone_numbers", ctx -> ctx.json(Map.of("user_id", user(ctx),
                "phone_numbers", JsonViews.list(admin.accounts(user(ctx)), JsonViews::account))));
        app.post("/users/{user_id}/phone_numbers", ctx -> ctx.status(201).json(JsonViews.account(admin.addAccount(user(ctx), body(ctx)))));
        app.get("/users/{user_id}/phone_numbers/{phone_number_id}",
                ctx -> ctx.json(JsonViews.account(admin.account(user(ctx), ctx.pathParam("phone_number_id")))));
        app.get("/users/{user_id}/phone_numbers/{phone_number_id}/whatsapp/status",
                ctx -> ctx.json(connection(admin.connectionState(user(ctx), ctx.pathParam("phone_number_id")))));
        app.post("/users/{user_id}/phone_numbers/{phone_number_id}/whatsapp/connect",
                ctx -> ctx.json(connection(admin.connect(user(ctx), ctx.pathParam("phone_number_id")))));
        app.post("/users/{user_id}/phone_numbers/{phone_number_id}/whatsapp/disconnect", ctx -> {
            admin.disconnect(user(ctx), ctx.pathParam("phone_number_id"));
            ctx.json(Map.of("state", "close"));
        });
        app.delete("/users/{user_id}/phone_numbers/{phone_number_id}", ctx -> {
            admin.deleteAccount(user(ctx), ctx.pathParam("phone_number_id"));
            ctx.status(204);
        });

        app.get("/users/{user_id}/agents", ctx -> ctx.json(Map.of("user_id", user(ctx),
                "agents", JsonViews.list(admin.agents(user(ctx)), JsonViews::agent))));
        app.post("/users/{user_id}/agents", ctx -> ctx.status(201).json(JsonViews.agent(admin.createAgent(user(ctx), body(ctx)))));
        app.get("/users/{user_id}/agents/{agent_id}", ctx -> ctx.json(JsonViews.agent(admin.agent(user(ctx), ctx.pathParam("agent_id")))));
        app.patch("/users/{user_id}/agents/{agent_id}",
                ctx -> ctx.json(JsonViews.agent(admin.updateAgent(user(ctx), ctx.pathParam("agent_id"), body(ctx)))));
        app.delete("/users/{user_id}/agents/{agent_id}", ctx -> {
            admin.deleteAgent(user(ctx), ctx.pathParam("agent_id"));
            ctx.status(204);
        });

        app.get("/users/{user_id}/credits", ctx -> ctx.json(credits(ctx.pathParam("user_id"), admin.credits(user(ctx)))));
        app.post("/users/{user_id}/credits", ctx -> ctx.json(credits(user(ctx), admin.addCredits(user(ctx), body(ctx)))));

        app.get("/users/{user_id}/messages", ctx -> {
            var query = new MessageQuery(ctx.queryParam("conversation_id"), ctx.queryParam("phone_number_id"),
                    ctx.queryParam("contact_id"), intParam(ctx, "limit", 100), intParam(ctx, "offset", 0));
            var messages = admin.messages(user(ctx), query);
            Map<String, Object> latest = new LinkedHashMap<>();
            messages.stream().map(m -> m.conversationId()).distinct().forEach(conv ->
                    engine.stores().extractions().latest(conv).ifPresent(e -> latest.put(conv, JsonViews.extraction(e))));
            ctx.json(Map.of("user_id", user(ctx), "messages", JsonViews.list(messages, JsonViews::message),
                    "extractions", latest));
        });

        app.get("/users/{user_id}/conversations", ctx -> {
            String status = ctx.queryParam("status");
            ConversationStatus s = status == null ? null : ConversationStatus.fromWire(status)
                    .orElseThrow(() -> new InvalidInputException("status", "unknown status " + status));
            var query = new ConversationQuery(s, ctx.queryParam("channel"), ctx.queryParam("agent_id"),
                    intParam(ctx, "limit", 50), intParam(ctx, "offset", 0));
            ctx.json(Map.of("user_id", user(ctx), "conversations", JsonViews.list(admin.conversations(user(ctx), query), JsonViews::conversation)));
        });
        app.get("/users/{user_id}/conversations/{conversation_id}",
                ctx -> ctx.json(JsonViews.conversation(admin.conversation(user(ctx), ctx.pathParam("conversation_id")))));
        app.patch("/users/{user_id}/conversations/{conversation_id}", ctx -> ctx.json(JsonViews.conversation(
                admin.setConversationStatus(user(ctx), ctx.pathParam("conversation_id"), body(ctx)))));

        app.post("/users/{user_id}/conversations/{conversation_id}/messages", ctx -> ctx.status(202).json(JsonViews.message(
                admin.sendOperatorMessage(user(ctx), ctx.pathParam("conversation_id"), body(ctx)))));

        app.get("/users/{user_id}/extractions", ctx -> ctx.json(Map.of("user_id", user(ctx), "extractions",
                JsonViews.list(admin.extractions(user(ctx), ctx.queryParam("conversation_id"), intParam(ctx, "limit", 50),
                        intParam(ctx, "offset", 0)), JsonViews::extraction))));
    }

    private static Map<String, Object> connection(dev.switchboard.core.channel.ConnectionState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", s.state());
        m.put("qr_base64", s.qrBase64());
        m.put("pairing_code", s.pairingCode());
        return m;
    }

    private static Map<String, Object> credits(String user, long remaining) {
        return Map.of("user_id", user, "remaining_credits", remaining);
    }

    private static String user(Context ctx) {
        return ctx.pathParam("user_id");
    }

    private static int intParam(Context ctx, String name, int def) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return def;
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 0 || n > 10_000) throw new InvalidInputException(name, "must be between 0 and 10000");
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, "must be a whole number");
        }
    }

    private static Map<String, Object> body(Context ctx) {
        String text = ctx.body();
        if (text.isBlank()) throw new InvalidInputException("body", "a JSON object is required");
        try {
            Map<String, Object> map = JSON.readValue(text, OBJECT);
            if (map == null) throw new InvalidInputException("body", "a JSON object is required");
            return map;
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("body", "not a JSON object: " + e.getOriginalMessage());
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

    private static void errors(Javalin app) {
        app.exception(Unauthorized.class, (e, ctx) -> ctx.status(401).json(Map.of("error", e.getMessage())));
        app.exception(TooManyRequests.class, (e, ctx) -> ctx.status(429).json(Map.of("error", e.getMessage())));
        app.exception(InvalidInputException.class, (e, ctx) -> {
            LOG.info("400 {} {} [{}]: {}", ctx.method(), ctx.path(), cid(ctx), e.getMessage());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", e.getMessage());
            if (e.field() != null) body.put("field", e.field());
            ctx.status(400).json(body);
        });
        app.exception(NotFoundException.class, (e, ctx) -> ctx.status(404).json(Map.of("error", e.getMessage())));
        app.exception(ConflictException.class, (e, ctx) -> ctx.status(409).json(Map.of("error", e.getMessage())));
        app.exception(dev.switchboard.adapters.whatsapp.EvolutionApiException.class, (e, ctx) -> {
            LOG.warn("Evolution API call failed [{}]: {}", cid(ctx), e.getMessage());
            ctx.status(502).json(Map.of("error", "the Evolution API server failed: " + e.getMessage()));
        });
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("500 {} {} [{}]", ctx.method(), ctx.path(), cid(ctx), e);
            ctx.status(500).json(Map.of("error", "internal error"));
        });
    }
}
