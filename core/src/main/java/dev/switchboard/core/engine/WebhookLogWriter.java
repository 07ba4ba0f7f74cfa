package dev.switchboard.core.engine;

import dev.switchboard.core.domain.WebhookLogEntry;
import dev.switchboard.core.store.WebhookLogStore;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes webhook log entries off the request path, so logging every delivery costs the provider's
 * request no database round trip. The log is for debugging: entries still queued when the process
 * dies are lost (the messages themselves are stored synchronously); past {@code capacity} queued
 * entries, new ones are dropped with a warning rather than slowing ingest.
 */
final class WebhookLogWriter implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WebhookLogWriter.class.getName());
    private static final int CAPACITY = 10_000;

    private final WebhookLogStore store;
    private final LinkedBlockingQueue<WebhookLogEntry> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final Thread writer;
    private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean running = true;

    WebhookLogWriter(WebhookLogStore store) {
        this.store = store;
        this.writer = Thread.ofVirtual().name("switchboard-webhook-log").start(this::drain);
    }

    void submit(WebhookLogEntry entry) {
        pending.incrementAndGet();
        if (!queue.offer(entry)) {
            pending.decrementAndGet();
            LOG.warning("webhook log queue full; an entry was dropped");
        }
    }

    private void drain() {
        while (running || !queue.isEmpty()) {
            try {
                WebhookLogEntry e = queue.poll(200, TimeUnit.MILLISECONDS);
                if (e != null) write(e);
            } catch (InterruptedException ie) {
                if (!running) break;
            }
        }
        WebhookLogEntry e;
        while ((e = queue.poll()) != null) write(e);
    }

    private void write(WebhookLogEntry e) {
        try {
            store.record(e);
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "webhook log write failed", ex);
        } finally {
            pending.decrementAndGet();
        }
    }

    /** Waits until everything queued so far is written (tests, shutdown). */
    void flush(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            writer.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
