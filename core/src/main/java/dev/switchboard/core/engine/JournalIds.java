package dev.switchboard.core.engine;

import java.time.Clock;
import java.util.HexFormat;

/**
 * Journal ids: {@code inb_}, then the millisecond and a counter (16 hex digits), strictly increasing in
 * this process even within one millisecond or when the clock steps back, then 8 random hex digits naming
 * the process (ids from two nodes in one millisecond differ there). Time-ordered ids with a random tail
 * would put two webhooks of one millisecond in either order; the drain stores in key order.
 */
final class JournalIds {
    private static final HexFormat HEX = HexFormat.of();
    private final Clock clock;
    private final String node = HEX.toHexDigits(new java.security.SecureRandom().nextInt());
    private long last;

    JournalIds(Clock clock) {
        this.clock = clock;
    }

    synchronized String next() {
        last = Math.max(clock.millis() << 20, last + 1); // 2^20 ids a millisecond before it borrows from the next
        return "inb_" + HEX.toHexDigits(last) + node;
    }
}
