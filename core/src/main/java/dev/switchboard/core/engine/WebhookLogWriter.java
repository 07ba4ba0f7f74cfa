package dev.switchboard.core.engine;

import dev.switchboard.core.domain.WebhookLogEntry;
import dev.switchboard.core.store.WebhookLogStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes webhook log entries off the request path, so logging every delivery costs the provider's
 * request no database round trip. One writer thread drains up to {@value #BATCH} queued entries at a
 * time and hands them to {@link WebhookLogStore#recordAll} (on PostgreSQL: one multi-row insert in
 * one transaction), so the log keeps up with ingest instead of paying one commit per delivery.
 *
 * <p><b>No entry is dropped under load.</b> The queue holds up to {@value #CAPACITY} entries; this is
 * far more than a burst needs, since the writer empties a whole batch per commit. Only when the
 * database stays slower than ingest long enough to fill it does {@link #submit} wait for room
 * (backpressure): the webhook is then answered later, but it is still answered and its entry kept,
 * and the bound keeps a stalled database from exhausting the heap (entries carry payloads). In
 * normal operation {@code submit} never waits, so a webhook is still answered fast. Entries still
 * queued when the process dies are lost (the log is for debugging; the messages themselves are
 * stored synchronously). A batch the store refuses is retried one entry at a time, so one bad entry
 * costs only itself.
 */
final class WebhookLogWriter implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WebhookLogWriter.class.getName());
    static final int CAPACITY = 100_000;
    static final int BATCH = 500;

    private final WebhookLogStore store;
    private final LinkedBlockingQueue<WebhookLogEntry> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final Thread writer;
    private final AtomicInteger pending = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong lastFullWarning = new java.util.concurrent.atomic.AtomicLong(System.nanoTime() - 20_000_000_000L);
    private volatile boolean running = true;

    WebhookLogWriter(WebhookLogStore store) {
        this.store = store;
        this.writer = Thread.ofVirtual().name("switchboard-webhook-log").start(this::drain);
    }

    /** Queues one entry; waits for room only when {@value #CAPACITY} entries are already queued. */
    void submit(WebhookLogEntry entry) {
        pending.incrementAndGet();
        if (queue.offer(entry)) return;
        long now = System.nanoTime(), last = lastFullWarning.get();
        if (now - last > 10_000_000_000L && lastFullWarning.compareAndSet(last, now)) {
            LOG.warning("webhook log queue full; webhooks wait for the log writer to catch up");
        }
        try {
            queue.put(entry);
        } catch (InterruptedException e) {
            pending.decrementAndGet();
            Thread.currentThread().interrupt();
            LOG.warning("interrupted while waiting for room in the webhook log queue; an entry was not logged");
        }
    }

    private void drain() {
        List<WebhookLogEntry> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                WebhookLogEntry first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                write(batch);
                batch.clear();
            } catch (InterruptedException ie) {
                if (!running) break;
            }
        }
        while (queue.drainTo(batch, BATCH) > 0) {
            write(batch);
            batch.clear();
        }
    }

    private void write(List<WebhookLogEntry> batch) {
        try {
            store.recordAll(List.copyOf(batch));
        } catch (RuntimeException batchFailed) {
            LOG.log(Level.WARNING, "webhook log batch of " + batch.size() + " failed; writing its entries one by one", batchFailed);
            for (WebhookLogEntry e : batch) {
                try {
                    store.record(e);
                } catch (RuntimeException ex) {
                    LOG.log(Level.WARNING, "webhook log write failed", ex);
                }
            }
        } finally {
            pending.addAndGet(-batch.size());
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
