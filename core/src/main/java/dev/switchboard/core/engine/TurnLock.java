package dev.switchboard.core.engine;

import dev.switchboard.core.work.Locks;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A conversation's lock for the length of one turn: kept alive while the turn runs (extended every
 * third of its ttl), and confirmed right before anything is sent.
 *
 * <p>Without this, a turn that outlasted the lock's ttl (a slow model, a paced send, a stalled
 * process) ran on without it: a second worker could then take the lock and run the same turn, and
 * would send again the reply the first had recorded and was about to send. A turn that finds its
 * lock lost sends nothing and hands its task back; what it recorded stays pending and is sent by
 * whichever turn holds the lock next.
 */
final class TurnLock implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TurnLock.class.getName());
    private static final long RETRY_MS = 100;

    private final Locks.Lock lock;
    private final Duration ttl;
    /** Counted down when the turn ends; the keeper waits on it (an interrupt would close its connection mid-call). */
    private final CountDownLatch over = new CountDownLatch(1);
    private volatile boolean lost;

    TurnLock(Locks.Lock lock, Duration ttl) {
        this.lock = lock;
        this.ttl = ttl;
        Thread.ofVirtual().name("turn-lock-" + lock.key()).start(this::keep);
    }

    private void keep() {
        long every = Math.max(ttl.toMillis() / 3, 1), wait = every;
        while (!lost) {
            try {
                if (over.await(wait, TimeUnit.MILLISECONDS)) return; // the turn is over
            } catch (InterruptedException e) {
                return;
            }
            try {
                if (!lock.extend(ttl)) lost = true;
                wait = every;
            } catch (RuntimeException e) {
                // the lock store did not answer (a timeout leaves the lock a period from expiry): try again
                // soon; confirm() decides before a send
                wait = Math.min(every, RETRY_MS);
                LOG.log(Level.FINE, "could not extend " + lock.key() + "; trying again", e);
            }
        }
    }

    /**
     * Throws {@link TurnInterrupted} unless this turn still holds the lock, which it extends for
     * another ttl: called right before a send, so no other turn can have sent in its place.
     */
    void confirm(String before) {
        if (lost || !lock.extend(ttl)) {
            lost = true;
            throw new TurnInterrupted("lost the lock " + lock.key() + " before " + before
                    + " (another worker may run this turn): nothing sent, the task is handed back", null);
        }
    }

    /** Whether the lock is still believed held (its keeper has not seen it lost), without asking the lock store. */
    boolean held() {
        return !lost;
    }

    @Override
    public void close() {
        over.countDown();
        lock.close();
    }
}
