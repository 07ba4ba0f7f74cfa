package dev.switchboard.core.support;

import java.security.SecureRandom;

/**
 * Identifier source. The default makes time-ordered ids ({@code prefix_} + 12 hex digits of
 * milliseconds + 16 random hex digits), so ids sort by creation and never collide across processes.
 */
@FunctionalInterface
public interface Ids {
    String next(String prefix);

    static Ids timeOrdered() {
        SecureRandom random = new SecureRandom();
        return prefix -> {
            long millis = System.currentTimeMillis();
            return String.format("%s_%012x%016x", prefix, millis, random.nextLong());
        };
    }
}
