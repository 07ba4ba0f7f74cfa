package dev.switchboard.adapters.webchat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The visitors' open live connections in this process, and the signals they wait for. A signal
 * carries no message: a connection reacts to {@link Signal#NEW_MESSAGES} by reading the store after
 * the last message it delivered, so a signal that arrives twice, late or never (another process
 * sent the reply) loses or repeats nothing — the connection's periodic re-read catches up.
 *
 * <p>Thread-safe; listeners are called on the publishing thread and must not block.
 */
public final class LiveStreams {

    public enum Signal { NEW_MESSAGES, TYPING }

    private final ConcurrentHashMap<Visitor, Set<Consumer<Signal>>> listeners = new ConcurrentHashMap<>();

    /** @return closing it stops the listener */
    public AutoCloseable subscribe(Visitor visitor, Consumer<Signal> listener) {
        listeners.computeIfAbsent(visitor, v -> ConcurrentHashMap.newKeySet()).add(listener);
        return () -> listeners.computeIfPresent(visitor, (v, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
        });
    }

    public void publish(Visitor visitor, Signal signal) {
        Set<Consumer<Signal>> set = listeners.get(visitor);
        if (set != null) set.forEach(l -> l.accept(signal));
    }

    /** Open connections, for the metrics and tests. */
    public int open() {
        return listeners.values().stream().mapToInt(Set::size).sum();
    }
}
