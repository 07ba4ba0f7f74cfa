package dev.switchboard.core.memory;

import dev.switchboard.core.work.Invalidations;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Invalidations within one process: {@link #publish} calls every subscriber at once, on the
 * caller's thread. Engines that share one instance (several in one JVM) see each other's writes.
 */
public final class InMemoryInvalidations implements Invalidations {
    private static final Logger LOG = Logger.getLogger(InMemoryInvalidations.class.getName());

    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    @Override
    public void publish(String topic) {
        if (topic == null || topic.isEmpty()) throw new IllegalArgumentException("topic is required");
        for (Consumer<String> l : listeners) {
            try {
                l.accept(topic);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "an invalidation listener failed", e);
            }
        }
    }

    @Override
    public Subscription subscribe(Consumer<String> listener) {
        if (listener == null) throw new IllegalArgumentException("listener is required");
        // a wrapper per subscription, so the same listener subscribed twice is removed once per close
        Consumer<String> own = listener::accept;
        listeners.add(own);
        return () -> listeners.remove(own);
    }

    @Override
    public void close() {
        listeners.clear();
    }
}
