package dev.switchboard.runner.http;

import dev.switchboard.core.channel.ChannelDescriptor;
import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.channel.WebhookRoute;
import dev.switchboard.core.engine.IngestResult;
import dev.switchboard.core.engine.Switchboard;
import dev.switchboard.core.support.InvalidInputException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook routes the engine's channels declare in their descriptors. A route several channels
 * share (Meta's {@code /webhook/meta}) goes to the first channel whose route accepts the request.
 */
final class WebhookRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookRoutes.class);

    private record Claim(ChannelDescriptor channel, WebhookRoute route) {}

    private WebhookRoutes() {}

    /** @param deferred answer once the delivery is journaled (WEBHOOK_INGEST=deferred), a worker then processes it */
    static void install(Javalin app, Switchboard engine, boolean deferred) {
        Map<String, List<Claim>> byRoute = new LinkedHashMap<>();
        for (ChannelDescriptor d : engine.channels().descriptors()) {
            for (WebhookRoute r : d.webhookRoutes()) {
                byRoute.computeIfAbsent(r.method() + " " + r.path(), k -> new ArrayList<>()).add(new Claim(d, r));
            }
        }
        byRoute.forEach((key, claims) -> {
            WebhookRoute first = claims.getFirst().route();
            app.addHttpHandler(HandlerType.valueOf(first.method()), first.path(), ctx -> dispatch(ctx, engine, deferred, first.path(), claims));
        });
    }

    private static void dispatch(Context ctx, Switchboard engine, boolean deferred, String path, List<Claim> claims) {
        WebhookRequest request = request(ctx);
        for (Claim c : claims) {
            if (!c.route().accepts().test(request)) continue;
            if (c.route().role() == WebhookRoute.Role.HANDSHAKE) handshake(ctx, engine, c.channel(), request);
            else receive(ctx, engine, deferred, c.channel(), request);
            return;
        }
        throw new InvalidInputException("body", "no channel on " + path + " takes this delivery");
    }

    private static void handshake(Context ctx, Switchboard engine, ChannelDescriptor channel, WebhookRequest request) {
        var answer = engine.ingest().handshake(channel.type(), channel.provider(), request);
        if (answer.isPresent()) ctx.contentType("text/plain").result(answer.get());
        else ctx.status(403).contentType("text/plain").result("verification failed");
    }

    private static void receive(Context ctx, Switchboard engine, boolean deferred, ChannelDescriptor channel,
                                WebhookRequest request) {
        IngestResult result;
        try {
            result = deferred ? engine.deferredIngest().accept(channel.type(), channel.provider(), request)
                    : engine.ingest().receive(channel.type(), channel.provider(), request);
        } catch (InvalidInputException e) {
            throw e;
        } catch (RuntimeException e) {
            // Nothing of this delivery is safe yet: a 503 makes the provider retry it.
            LOG.error("webhook {} could not be stored; answering 503 so the provider retries [{}]", channel.type(), Middleware.cid(ctx), e);
            ctx.status(503).json(Map.of("error", "temporarily unable to accept the webhook"));
            return;
        }
        if (!result.accepted()) {
            ctx.status(401).json(Map.of("error", "webhook not authenticated: " + result.rejected()));
            return;
        }
        if (result.journaled() != null) {
            ctx.json(Map.of("status", "accepted", "journal_entry", result.journaled()));
            return;
        }
        ctx.json(Map.of("status", "ok", "stored", result.stored(), "duplicates", result.duplicates(),
                "updates", result.updates(), "ignored", result.ignored()));
    }

    private static WebhookRequest request(Context ctx) {
        Map<String, List<String>> headers = ctx.headerMap().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()), (a, b) -> a));
        return new WebhookRequest(headers, ctx.queryParamMap(), ctx.bodyAsBytes(), ctx.pathParamMap());
    }
}
