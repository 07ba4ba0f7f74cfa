package dev.switchboard.runner.http;

import static dev.switchboard.runner.http.Params.user;

import dev.switchboard.core.engine.Switchboard;
import dev.switchboard.core.store.EventPage;
import dev.switchboard.core.store.StoredEvent;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /users/{user_id}/events}: the tenant's live events as Server-Sent Events, read with
 * {@code fetch} so the key stays in the API key header (protected like every {@code /users/*}
 * route: another tenant's key gets 404). Each frame is {@code id}, {@code event} (message.created,
 * message.updated, conversation.updated) and {@code data} (the resource as the REST API shows it,
 * {@link EventViews}). With {@code Last-Event-ID} the stream first sends what came after that id
 * from the log, then goes live; an id older than the log keeps gets {@code event: reset} (the client
 * reloads) and then live events. A {@code : keep-alive} comment goes out when nothing else did for
 * the keep-alive interval. The handler holds its (virtual) thread for the life of the connection,
 * like the web chat's stream.
 */
final class EventResources {
    static final String RESET = "event: reset\ndata: {}\n\n";

    private EventResources() {}

    static void install(Javalin app, Switchboard engine, LiveEventFeeds feeds, Duration keepAlive) {
        app.events(e -> e.serverStopping(feeds::close));
        app.get("/users/{user_id}/events", ctx -> serve(ctx, engine, feeds, keepAlive));
    }

    private static void serve(Context ctx, Switchboard engine, LiveEventFeeds feeds, Duration keepAlive) throws Exception {
        String tenant = engine.tenants().get(user(ctx)).id(); // 404 for an unknown user (the admin key)
        Long resumeFrom = lastEventId(ctx.header("Last-Event-ID"));
        try (LiveEventFeeds.Subscription sub = feeds.subscribe(tenant)) {
            ctx.res().setStatus(200);
            ctx.res().setContentType("text/event-stream;charset=utf-8");
            ctx.res().setHeader("Cache-Control", "no-store");
            ctx.res().setHeader("X-Accel-Buffering", "no");
            OutputStream out = ctx.res().getOutputStream();
            write(out, "retry: 1000\n: connected\n\n");
            long sent = resumeFrom == null ? 0 : catchUp(out, engine, tenant, resumeFrom);
            while (true) {
                LiveEventFeeds.Frame f = sub.frames().poll(keepAlive.toMillis(), TimeUnit.MILLISECONDS);
                if (f == LiveEventFeeds.STOP) return;
                if (f == null) {
                    write(out, ": keep-alive\n\n");
                } else if (f == LiveEventFeeds.RESET) {
                    write(out, RESET);
                } else if (f.id() > sent) { // the catch-up may have sent it already
                    write(out, f.text());
                    sent = f.id();
                }
            }
        } catch (IOException gone) {
            // the client went away: it reconnects with its last id
        }
    }

    /** Sends what the log holds after {@code from}; returns the last id sent (0 after a reset: then only live events follow). */
    private static long catchUp(OutputStream out, Switchboard engine, String tenant, long from) throws IOException {
        long cursor = from;
        while (true) {
            EventPage page = engine.events().read(tenant, cursor, LiveEventFeeds.PAGE);
            if (page.reset()) {
                write(out, RESET);
                return 0;
            }
            StringBuilder frames = new StringBuilder();
            for (StoredEvent e : page.events()) {
                EventViews.data(engine, e).ifPresent(data -> frames.append(EventViews.frame(e.id(), e.type(), data)));
                cursor = e.id();
            }
            if (!frames.isEmpty()) write(out, frames.toString());
            if (page.events().size() < LiveEventFeeds.PAGE) return cursor;
        }
    }

    /** The header's id; a malformed one is treated as unknown (a reset), absent as "live only". */
    private static Long lastEventId(String header) {
        if (header == null || header.isBlank()) return null;
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
