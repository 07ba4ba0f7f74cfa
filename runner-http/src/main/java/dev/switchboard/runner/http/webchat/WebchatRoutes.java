package dev.switchboard.runner.http.webchat;

import dev.switchboard.adapters.webchat.LiveStreams;
import dev.switchboard.adapters.webchat.Origins;
import dev.switchboard.adapters.webchat.Visitor;
import dev.switchboard.adapters.webchat.VisitorMessage;
import dev.switchboard.adapters.webchat.VisitorRateLimit;
import dev.switchboard.adapters.webchat.VisitorTokens;
import dev.switchboard.adapters.webchat.WebchatChannel;
import dev.switchboard.adapters.webchat.WebchatInputException;
import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.engine.IngestResult;
import dev.switchboard.core.engine.Switchboard;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The visitor protocol under {@code /webchat/{widget_id}/} (sessions, messages, live stream), the
 * widget script and the page at {@code /}. Every rule (token, widget, origin, size, rate) lives in
 * the web chat adapter; this class only speaks HTTP. Visitor requests need no API key: the visitor
 * token is their credential.
 */
public final class WebchatRoutes {
    private static final String BASE = "/webchat/{widget_id}";

    private final Switchboard engine;
    private final WebchatChannel channel;
    private final MessageFeed feed;
    private final LiveStream live = new LiveStream();

    private WebchatRoutes(Switchboard engine, WebchatChannel channel, MessageFeed feed) {
        this.engine = engine;
        this.channel = channel;
        this.feed = feed;
    }

    /**
     * Adds the routes when the engine has the web chat channel; does nothing otherwise.
     *
     * @param feed wakes open visitor streams when any process stores a message of their tenant
     */
    public static void register(Javalin app, Switchboard engine, MessageFeed feed) {
        var found = engine.channels().find(WebchatChannel.CHANNEL, WebchatChannel.PROVIDER);
        if (found.isEmpty() || !(found.get() instanceof WebchatChannel channel)) return;
        WebchatRoutes routes = new WebchatRoutes(engine, channel, feed);
        app.get("/", ctx -> LandingPage.render(ctx, engine));
        app.get("/webchat/widget.js", ctx -> ctx.contentType("text/javascript; charset=utf-8")
                .header("Cache-Control", "public, max-age=300").result(WidgetScript.bytes()));
        app.options(BASE + "/{action}", routes::preflight);
        app.post(BASE + "/sessions", routes::session);
        app.post(BASE + "/messages", routes::postMessage);
        app.get(BASE + "/messages", routes::history);
        app.get(BASE + "/stream", routes::stream);
        app.exception(Refused.class, (e, ctx) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", e.getMessage());
            if (e.field != null) body.put("field", e.field);
            ctx.status(e.status).json(body);
        });
        app.events(events -> events.serverStopping(routes.live::stopAll));
    }

    private void preflight(Context ctx) {
        ChannelAccount account = widget(ctx);
        cors(ctx, account);
        ctx.header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
                .header("Access-Control-Allow-Headers", "Authorization, Content-Type, Last-Event-ID")
                .header("Access-Control-Max-Age", "600").status(204);
    }

    private void session(Context ctx) {
        ChannelAccount account = widget(ctx);
        cors(ctx, account);
        VisitorTokens tokens = tokens();
        Optional<Visitor> returning = tokens.read(VisitorTokens.bearer(ctx.header("Authorization")))
                .filter(v -> v.widgetId().equals(account.id()));
        Visitor visitor = returning.orElseGet(() -> Visitor.fresh(account.id()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", tokens.issue(visitor));
        body.put("visitor_id", visitor.visitorId());
        body.put("widget_id", account.id());
        body.put("display_name", account.displayName());
        body.put("returning", returning.isPresent());
        ctx.header("Cache-Control", "no-store").status(returning.isPresent() ? 200 : 201).json(body);
    }

    private void postMessage(Context ctx) {
        ChannelAccount account = widget(ctx);
        cors(ctx, account);
        Visitor visitor = visitor(ctx, account);
        VisitorMessage message;
        try {
            message = VisitorMessage.read(ctx.bodyAsBytes(), channel.maxText());
        } catch (WebchatInputException e) {
            throw new Refused(e.status(), e.field(), e.getMessage());
        }
        VisitorRateLimit.Decision decision = channel.rateLimit().take(visitor, message.clientMessageId());
        if (!decision.allowed()) {
            long seconds = Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
            ctx.header("Retry-After", Long.toString(seconds));
            throw new Refused(429, null, "too many messages: " + channel.rateLimit().perMinute()
                    + " a minute (WEBCHAT_RATE_LIMIT); retry in " + seconds + " s");
        }
        IngestResult result = engine.ingest().receive(WebchatChannel.CHANNEL, WebchatChannel.PROVIDER, request(ctx, account));
        if (!result.accepted()) throw new Refused(401, null, "not accepted: " + result.rejected());
        channel.streams().publish(visitor, LiveStreams.Signal.NEW_MESSAGES);
        ctx.status(202).json(Map.of("client_message_id", message.clientMessageId(),
                "status", result.duplicates() > 0 ? "duplicate" : "accepted"));
    }

    private void history(Context ctx) {
        ChannelAccount account = widget(ctx);
        cors(ctx, account);
        Visitor visitor = visitor(ctx, account);
        var messages = VisitorHistory.after(VisitorHistory.all(engine.stores(), account, visitor), ctx.queryParam("since"));
        ctx.header("Cache-Control", "no-store").json(Map.of("messages", messages.stream().map(VisitorHistory::view).toList()));
    }

    private void stream(Context ctx) throws Exception {
        ChannelAccount account = widget(ctx);
        cors(ctx, account);
        Visitor visitor = visitor(ctx, account);
        String cursor = Optional.ofNullable(ctx.header("Last-Event-ID")).orElse(ctx.queryParam("since"));
        live.serve(ctx, engine.stores(), channel.streams(), feed, account, visitor, cursor);
    }

    private ChannelAccount widget(Context ctx) {
        String id = ctx.pathParam("widget_id");
        ChannelAccount account = engine.stores().accounts().find(id)
                .filter(a -> WebchatChannel.CHANNEL.equals(a.channel()))
                .orElseThrow(() -> new Refused(404, "widget_id", "no web chat widget " + id));
        if (!Origins.permits(account, ctx.header("Origin"), ctx.header("Host"))) {
            throw new Refused(403, null, "this site may not embed widget " + id + " (allowed_origins)");
        }
        return account;
    }

    private VisitorTokens tokens() {
        return channel.tokens().orElseThrow(() -> new Refused(503, null, "web chat is off: WEBCHAT_SECRET is not set"));
    }

    private Visitor visitor(Context ctx, ChannelAccount account) {
        String bearer = VisitorTokens.bearer(ctx.header("Authorization"));
        if (bearer == null) throw new Refused(401, null, "a visitor token is required (Authorization: Bearer, from POST sessions)");
        Visitor v = tokens().read(bearer).orElseThrow(() -> new Refused(401, null, "visitor token not valid"));
        if (!v.widgetId().equals(account.id())) throw new Refused(403, null, "visitor token issued for another widget");
        return v;
    }

    /** Cross-origin answers name the (already checked) origin; same-origin requests need nothing. */
    private static void cors(Context ctx, ChannelAccount account) {
        String origin = ctx.header("Origin");
        if (origin == null) return;
        ctx.header("Access-Control-Allow-Origin", origin).header("Vary", "Origin")
                .header("Access-Control-Expose-Headers", "Retry-After");
    }

    private static WebhookRequest request(Context ctx, ChannelAccount account) {
        Map<String, List<String>> headers = new HashMap<>();
        ctx.headerMap().forEach((k, v) -> headers.put(k, List.of(v)));
        return new WebhookRequest(headers, Map.of(WebchatChannel.WIDGET_PARAM, List.of(account.id())), ctx.bodyAsBytes());
    }

    /** A visitor request refused with this status. */
    static final class Refused extends RuntimeException {
        final int status;
        final String field;

        Refused(int status, String field, String message) {
            super(message, null, false, false);
            this.status = status;
            this.field = field;
        }
    }
}
