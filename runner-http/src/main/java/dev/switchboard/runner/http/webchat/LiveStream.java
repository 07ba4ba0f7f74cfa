package dev.switchboard.runner.http.webchat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.adapters.webchat.LiveStreams;
import dev.switchboard.adapters.webchat.Visitor;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.store.Stores;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One visitor's live connection, as Server-Sent Events over a plain GET the widget reads with
 * {@code fetch} (so the token travels in the Authorization header, never in the URL). Each message
 * is an {@code event: message} whose {@code id} is the message id; a reconnect names the last one it
 * saw (Last-Event-ID, or {@code since}) and gets exactly what came after, read from the store. The
 * handler blocks its (virtual) thread for the life of the connection; it re-reads the store on every
 * signal: this process's own sends, and the tenant's {@link MessageFeed} for messages another process
 * stored (a worker, another node). The re-read at each heartbeat stays as a safety net.
 */
final class LiveStream {
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    static final Duration MAX_LIFETIME = Duration.ofMinutes(10);
    private static final Object STOP = new Object();
    // a buffer pool shared across threads: Jackson's default is per thread, and virtual threads never reuse it
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.newConcurrentDequePool()).build());

    private final Set<BlockingQueue<Object>> open = ConcurrentHashMap.newKeySet();

    /** Ends every open connection (the server is stopping); the widgets reconnect elsewhere. */
    void stopAll() {
        open.forEach(q -> q.offer(STOP));
    }

    void serve(Context ctx, Stores stores, LiveStreams streams, MessageFeed feed, ChannelAccount account, Visitor visitor,
               String cursor) throws Exception {
        BlockingQueue<Object> signals = new LinkedBlockingQueue<>();
        open.add(signals);
        try (AutoCloseable local = streams.subscribe(visitor, signals::offer);
             MessageFeed.Subscription others = feed.subscribe(account.tenantId(), () -> signals.offer(LiveStreams.Signal.NEW_MESSAGES))) {
            ctx.res().setStatus(200);
            ctx.res().setContentType("text/event-stream;charset=utf-8");
            ctx.res().setHeader("Cache-Control", "no-store");
            ctx.res().setHeader("X-Accel-Buffering", "no");
            OutputStream out = ctx.res().getOutputStream();
            write(out, "retry: 1000\n: connected\n\n");
            long deadline = System.nanoTime() + MAX_LIFETIME.toNanos();
            String last = cursor;
            while (System.nanoTime() < deadline) {
                last = deliver(out, stores, account, visitor, last);
                Object signal = signals.poll(HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
                if (signal == STOP) return;
                if (signal == LiveStreams.Signal.TYPING) {
                    write(out, "event: typing\ndata: {\"typing\":true}\n\n");
                } else if (signal == null) {
                    write(out, ": ping\n\n");
                }
                signals.removeIf(s -> s == LiveStreams.Signal.NEW_MESSAGES); // one store read covers them all
            }
        } catch (IOException gone) {
            // the visitor closed the page or lost the network: it reconnects with its last id
        } finally {
            open.remove(signals);
        }
    }

    private static String deliver(OutputStream out, Stores stores, ChannelAccount account, Visitor visitor, String cursor) throws IOException {
        List<Message> all = VisitorHistory.all(stores, account, visitor);
        List<Message> fresh = VisitorHistory.after(all, cursor);
        if (fresh.isEmpty()) return cursor == null && !all.isEmpty() ? all.getLast().id() : cursor;
        StringBuilder events = new StringBuilder();
        for (Message m : fresh) {
            events.append("id: ").append(m.id()).append("\nevent: message\ndata: ")
                    .append(JSON.writeValueAsString(VisitorHistory.view(m))).append("\n\n");
        }
        write(out, events.toString());
        return fresh.getLast().id();
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
