package dev.switchboard.core.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a message is on its way. Providers do not report statuses as a strict sequence (WhatsApp
 * sends {@code read} without {@code delivered}, and webhooks arrive out of order), so an update is
 * applied only when it moves the message forward: see {@link #canMoveTo}.
 */
public enum DeliveryStatus {
    RECEIVED(0), PENDING(0), SENT(1), DELIVERED(2), READ(3), PLAYED(4), FAILED(-1);

    private final int rank;

    DeliveryStatus(int rank) {
        this.rank = rank;
    }

    public boolean canMoveTo(DeliveryStatus next) {
        if (next == this) return false;
        if (next == FAILED) return rank < READ.rank && this != FAILED;
        if (this == FAILED) return false;
        return next.rank > rank;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DeliveryStatus> fromWire(String value) {
        if (value == null) return Optional.empty();
        for (DeliveryStatus s : values()) {
            if (s.wire().equals(value.trim().toLowerCase(Locale.ROOT))) return Optional.of(s);
        }
        return Optional.empty();
    }
}
