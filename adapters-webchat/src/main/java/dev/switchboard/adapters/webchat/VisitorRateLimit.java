package dev.switchboard.adapters.webchat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;

/**
 * WEBCHAT_RATE_LIMIT: at most {@code perMinute} messages in any sliding minute per visitor. A retry
 * of a message already counted (same client message id) passes without counting again, so a widget
 * retrying over a bad network is never throttled by its own retries. Counts live in this process
 * (each server node counts its own); idle visitors are forgotten. Thread-safe.
 */
public final class VisitorRateLimit {
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private final int perMinute;
    private final Clock clock;
    private final ConcurrentHashMap<String, Deque<Sent>> sent = new ConcurrentHashMap<>();

    /** @param perMinute 0 turns the limit off */
    public VisitorRateLimit(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** @param allowed false means refuse, and tell the visitor to retry after {@code retryAfter} */
    public record Decision(boolean allowed, Duration retryAfter) {}

    private record Sent(long at, String clientMessageId) {}

    public Decision take(Visitor visitor, String clientMessageId) {
        if (perMinute <= 0) return new Decision(true, Duration.ZERO);
        long now = clock.millis();
        String key = visitor.widgetId() + "|" + visitor.visitorId();
        Decision[] out = new Decision[1];
        sent.compute(key, (k, times) -> {
            Deque<Sent> t = times == null ? new ArrayDeque<>() : times;
            while (!t.isEmpty() && t.peekFirst().at() <= now - WINDOW.toMillis()) t.pollFirst();
            if (t.stream().anyMatch(e -> e.clientMessageId().equals(clientMessageId))) {
                out[0] = new Decision(true, Duration.ZERO);
            } else if (t.size() >= perMinute) {
                out[0] = new Decision(false, Duration.ofMillis(t.peekFirst().at() + WINDOW.toMillis() - now));
            } else {
                t.addLast(new Sent(now, clientMessageId));
                out[0] = new Decision(true, Duration.ZERO);
            }
            return t;
        });
        if (sent.size() > 10_000) sent.values().removeIf(t -> t.isEmpty() || t.peekLast().at() <= now - WINDOW.toMillis());
        return out[0];
    }

    public int perMinute() {
        return perMinute;
    }
}
