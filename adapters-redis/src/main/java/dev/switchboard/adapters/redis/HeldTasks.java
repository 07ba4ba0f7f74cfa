package dev.switchboard.adapters.redis;

import dev.switchboard.core.work.Task;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Tasks that could not be written to Redis, kept in this process (one entry per task, at its
 * earliest time) and written by a background thread as soon as Redis answers again. They are lost
 * if this process dies first; the messages they stand for are in the database.
 */
final class HeldTasks {
    interface Writer {
        void write(Task task, long atMillis);
    }

    private static final long RETRY_MS = 500;

    private final Map<Task, Long> held = new ConcurrentHashMap<>();
    private final Writer writer;
    private final Logger log;
    private final AtomicBoolean flushing = new AtomicBoolean();
    private volatile boolean closed;

    HeldTasks(Writer writer, Logger log) {
        this.writer = writer;
        this.log = log;
    }

    void hold(Task task, long atMillis) {
        held.merge(task, atMillis, Math::min);
        if (!closed && flushing.compareAndSet(false, true)) Thread.ofVirtual().name("redis-held-tasks").start(this::flushLoop);
    }

    int size() {
        return held.size();
    }

    private void flushLoop() {
        while (true) {
            while (!closed && !held.isEmpty()) {
                try {
                    Thread.sleep(RETRY_MS);
                } catch (InterruptedException e) {
                    flushing.set(false);
                    return;
                }
                flushOnce();
            }
            flushing.set(false);
            // a task held after the loop saw the map empty but before the flag dropped must not wait
            if (closed || held.isEmpty() || !flushing.compareAndSet(false, true)) return;
        }
    }

    /** @return true when nothing is held any more */
    boolean flushOnce() {
        int written = 0;
        for (Map.Entry<Task, Long> e : held.entrySet()) {
            try {
                writer.write(e.getKey(), e.getValue());
            } catch (JedisException failed) {
                if (!Outage.unavailable(failed)) {
                    log.error("dropping task {} {}: Redis refused it", e.getKey().kind(), e.getKey().key(), failed);
                    held.remove(e.getKey(), e.getValue());
                    continue;
                }
                return false;
            }
            held.remove(e.getKey(), e.getValue());
            written++;
        }
        if (written > 0) log.info("{} task(s) held during the Redis outage are queued now", written);
        return held.isEmpty();
    }

    void close() {
        closed = true;
        if (!held.isEmpty() && !flushOnce()) {
            log.warn("{} task(s) could not be written to Redis before shutdown; their messages are stored", held.size());
        }
    }
}
