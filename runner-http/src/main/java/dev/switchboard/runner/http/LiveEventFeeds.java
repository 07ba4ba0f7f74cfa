package dev.switchboard.runner.http;

import dev.switchboard.core.engine.Switchboard;
import dev.switchboard.core.store.EventLog;
import dev.switchboard.core.store.EventPage;
import dev.switchboard.core.store.StoredEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's readers of the tenants' {@link EventLog}: one feed per tenant with open streams, whose
 * one poller reads the log after its cursor and hands each event, rendered once, to every stream
 * of the tenant. A feed polls every {@code pollInterval} (events written by other nodes and by
 * workers arrive within it) and at once when this node appends for the tenant ({@link #signalling}).
 * A feed stops when its last stream (or waker) closes. A waker ({@link #wakeOnNewMessages}) gets no
 * frames, only a call when new messages of the tenant were logged: the web chat's visitor streams
 * use it to re-read their own conversation when another process wrote to it.
 *
 * <p>Ordering: the log gives ids in commit order (see {@link EventLog}), so "after my cursor" never
 * skips an event; a stream drops any frame whose id it has already sent (its catch-up read and the
 * feed may overlap), so none is sent twice.
 */
final class LiveEventFeeds implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveEventFeeds.class);
    static final int PAGE = 500;
    /** A stream this far behind (a client that stopped reading) is ended; it resumes with its Last-Event-ID. */
    static final int MAX_BACKLOG = 10_000;
    /** Handed to a stream: the server is stopping. */
    static final Frame STOP = new Frame(-1, "");
    /** Handed to a stream: the feed lost events (more than the log keeps arrived between two polls). */
    static final Frame RESET = new Frame(0, "event: reset\ndata: {}\n\n");

    /** One rendered event, or a control frame. */
    record Frame(long id, String text) {}

    private final Duration pollInterval;
    private final Map<String, Feed> feeds = new HashMap<>();
    private volatile Switchboard engine;
    private volatile boolean closed;

    LiveEventFeeds(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    /** Starts serving from {@code engine} (created after this, with {@link #signalling} as its log). */
    void start(Switchboard engine) {
        this.engine = engine;
    }

    /** {@code log}, also waking this node's feed of the tenant after each append, so local events go out at once. */
    EventLog signalling(EventLog log) {
        return new EventLog() {
            @Override
            public long append(String tenantId, String type, String resourceId) {
                long id = log.append(tenantId, type, resourceId);
                wake(tenantId);
                return id;
            }

            @Override
            public long[] appendAll(String tenantId, java.util.List<Entry> entries) {
                long[] ids = log.appendAll(tenantId, entries);
                wake(tenantId);
                return ids;
            }

            @Override
            public java.util.concurrent.CompletionStage<Void> appendLater(String tenantId, java.util.List<Entry> entries) {
                return log.appendLater(tenantId, entries).thenRun(() -> wake(tenantId));
            }

            @Override
            public EventPage read(String tenantId, long afterId, int limit) {
                return log.read(tenantId, afterId, limit);
            }

            @Override
            public long head(String tenantId) {
                return log.head(tenantId);
            }

            @Override
            public int retained() {
                return log.retained();
            }
        };
    }

    private void wake(String tenantId) {
        Feed feed;
        synchronized (feeds) {
            feed = feeds.get(tenantId);
        }
        if (feed != null) feed.wake.offer(Boolean.TRUE);
    }

    /** Registers a stream of the tenant; its queue gets every event after the feed's cursor. Close it to leave. */
    Subscription subscribe(String tenantId) {
        BlockingQueue<Frame> queue = new LinkedBlockingQueue<>();
        synchronized (feeds) {
            if (closed) queue.offer(STOP);
            Feed feed = join(tenantId);
            feed.streams.add(queue);
            return new Subscription(queue, () -> leave(feed, () -> feed.streams.remove(queue)));
        }
    }

    /**
     * Calls {@code wake} after each poll that found a {@code message.created} event of the tenant
     * (any conversation: the caller reads what is its own), on the feed's thread, so it must not
     * block. Run the returned action to leave.
     */
    Runnable wakeOnNewMessages(String tenantId, Runnable wake) {
        Runnable waker = wake::run; // an identity of its own: the same Runnable may register twice
        synchronized (feeds) {
            Feed feed = join(tenantId);
            feed.wakers.add(waker);
            return () -> leave(feed, () -> feed.wakers.remove(waker));
        }
    }

    /** The tenants this node is reading now (one poller each). */
    Set<String> tenantsRead() {
        synchronized (feeds) {
            return Set.copyOf(feeds.keySet());
        }
    }

    private Feed join(String tenantId) {
        return feeds.computeIfAbsent(tenantId, t -> new Feed(t, engine.events().head(t)));
    }

    record Subscription(BlockingQueue<Frame> frames, Runnable leave) implements AutoCloseable {
        @Override
        public void close() {
            leave.run();
        }
    }

    private void leave(Feed feed, Runnable remove) {
        synchronized (feeds) {
            remove.run();
            if (feed.streams.isEmpty() && feed.wakers.isEmpty() && feeds.get(feed.tenantId) == feed) {
                feeds.remove(feed.tenantId);
                feed.wake.offer(Boolean.TRUE); // let its poller see it is done
            }
        }
    }

    /** Ends every stream (the server is stopping); clients reconnect with their last id. */
    @Override
    public void close() {
        synchronized (feeds) {
            closed = true;
            feeds.values().forEach(f -> f.streams.forEach(q -> q.offer(STOP)));
        }
    }

    private static void deliver(BlockingQueue<Frame> stream, Frame f) {
        if (stream.size() < MAX_BACKLOG) {
            stream.offer(f);
        } else if (stream.peek() != STOP) {
            stream.clear();
            stream.offer(STOP);
        }
    }

    private final class Feed {
        final String tenantId;
        final Set<BlockingQueue<Frame>> streams = ConcurrentHashMap.newKeySet();
        final Set<Runnable> wakers = ConcurrentHashMap.newKeySet();
        final BlockingQueue<Boolean> wake = new ArrayBlockingQueue<>(1);
        long cursor;

        Feed(String tenantId, long cursor) {
            this.tenantId = tenantId;
            this.cursor = cursor;
            Thread.ofVirtual().name("live-events-" + tenantId).start(this::run);
        }

        private void run() {
            while (!closed) {
                synchronized (feeds) {
                    if (feeds.get(tenantId) != this) return;
                }
                try {
                    poll();
                } catch (RuntimeException e) {
                    LOG.warn("reading the live events of tenant {} failed; retrying", tenantId, e);
                }
                try {
                    wake.poll(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void poll() {
            if (engine.events().head(tenantId) == cursor) return; // the common case: one key lookup
            while (true) {
                EventPage page = engine.events().read(tenantId, cursor, PAGE);
                if (page.reset()) {
                    streams.forEach(q -> q.offer(RESET));
                    wakers.forEach(Runnable::run);
                    cursor = engine.events().head(tenantId);
                    return;
                }
                boolean newMessages = false;
                for (StoredEvent e : page.events()) {
                    newMessages |= e.type().equals(StoredEvent.MESSAGE_CREATED);
                    if (!streams.isEmpty()) { // wakers alone need no rendering (a store read per event)
                        EventViews.data(engine, e).ifPresent(data -> {
                            Frame f = new Frame(e.id(), EventViews.frame(e.id(), e.type(), data));
                            streams.forEach(q -> deliver(q, f));
                        });
                    }
                    cursor = e.id();
                }
                if (newMessages) wakers.forEach(Runnable::run);
                if (page.events().size() < PAGE) return;
            }
        }
    }
}
