package dev.switchboard.core.memory;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The one lock every in-memory store of a set takes: a step that spans two stores (accepting an
 * inbound message creates its contact; creating a tenant opens its balance) is then atomic without
 * a lock order to get wrong. Reentrant, so a store may call another while holding it.
 */
final class Guard {
    private final ReentrantLock lock = new ReentrantLock();

    <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    void locked(Runnable action) {
        locked(() -> {
            action.run();
            return null;
        });
    }

    static String key(String... parts) {
        return String.join("\u0000", parts);
    }
}
