package dev.switchboard.adapters.redis;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;

/** Logs the start and the end of a Redis outage once each, however many calls fail in between. */
final class Outage {
    private final Logger log;
    private final String what;
    private final AtomicBoolean down = new AtomicBoolean();

    Outage(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    void failed(RuntimeException e, String consequence) {
        if (down.compareAndSet(false, true)) {
            log.warn("Redis unreachable for {} ({}); {}", what, e.getMessage(), consequence);
        }
    }

    void succeeded() {
        if (down.get() && down.compareAndSet(true, false)) log.info("Redis answers again for {}", what);
    }
}
